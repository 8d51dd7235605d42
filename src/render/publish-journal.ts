import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { replaceFile } from '../replace-file';

/**
 * What one synth is doing to a dist/ directory, kept as `journal.json` in its staging folder so
 * a later writer can finish or undo it as a whole after a crash:
 * - `staging`: the new environment trees are being written; dist/ has not been touched.
 * - `commit`: every tree is staged and the swap is decided; from here the renames are rolled
 *   forward, never back.
 */
const journalSchema = z.strictObject({
  phase: z.enum(['staging', 'commit']),
  /** Environment folders to replace with the staged ones. */
  publish: z.array(z.string()),
  /** Entries of dist/ to remove (environments that no longer exist). */
  remove: z.array(z.string()),
});

export type PublishJournal = z.infer<typeof journalSchema>;

const JOURNAL_FILE = 'journal.json';

/**
 * Replaces the journal atomically: a reader sees the old record or the new one. The commit
 * record is also made durable before anything in dist/ is renamed, so a power cut cannot undo
 * the decision while keeping some of the renames. The staging record needs no fsync: without it
 * recovery discards the staging folder all the same.
 */
export function writeJournal(stagingDir: string, journal: PublishJournal): void {
  replaceFile(path.join(stagingDir, JOURNAL_FILE), `${JSON.stringify(journal)}\n`, { durable: journal.phase === 'commit' });
}

/** The journal in a staging folder; undefined when there is none (never written, or already cleared). */
export function readJournal(stagingDir: string): PublishJournal | undefined {
  const file = path.join(stagingDir, JOURNAL_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return journalSchema.parse(JSON.parse(text));
  } catch {
    // Only a damaged disk or a hand edit gets here (it is only ever replaced whole). Guessing
    // could drop the only copy of an environment, so a person decides.
    throw new Error(`${file}: unreadable publish journal of an interrupted synth; compare ${path.dirname(file)}/new and /old with dist/ by hand, then delete ${path.dirname(file)}`);
  }
}

/**
 * Removes the journal: after this the staging folder is only leftovers. Called once the renames
 * are durable; should the removal itself be lost, recovery completes the publish again, which
 * then changes nothing.
 */
export function clearJournal(stagingDir: string): void {
  rmSync(path.join(stagingDir, JOURNAL_FILE), { force: true });
}
