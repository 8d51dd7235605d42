import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { syncDirectory } from '../replace-file';
import { clearJournal, readJournal, type PublishJournal } from './publish-journal';
import type { PublishHook } from './publish-hook';

/**
 * The staging folder of a synth and the swap of its environments into dist/, all of them or
 * none, also across crashes:
 *
 *   <parent of dist>/.synth-<dist name>-XXXXXX/
 *     journal.json     phase `staging`, then `commit` (src/render/publish-journal.ts)
 *     new/<env>/       the environments' new trees, staged before the commit record
 *     old/<env>/       what dist/<env> held, moved here by the swap
 *
 * Nothing under dist/ is renamed before the commit record is durable, and after it the swap
 * is only ever completed. So a crash before the commit leaves dist/ exactly as it was (the next
 * writer deletes the staging folder) and a crash after it leaves a swap the next writer finishes
 * (recoverDist), which makes dist/ exactly the new output. The journal is cleared only once all
 * renames are durable; a staging folder without a journal is leftovers.
 *
 * Recovery assumes no other writer is using this dist/ (the repository's writer lock,
 * src/writer-lock/writer-lock.ts); the folder name carries the dist folder's name so a synth into another
 * directory beside it (`--out`) never takes one of these for its own.
 */

const STAGING_PREFIX = '.synth-';
const NEW = 'new';
const OLD = 'old';

export interface Recovery {
  /** finished: the journal said commit, the swap was completed; discarded: it had not committed; leftovers: publishing had ended. */
  readonly outcome: 'finished' | 'discarded' | 'leftovers';
  /** The environments the interrupted synth was publishing (and removing). */
  readonly environments: readonly string[];
}

/** A publish that failed after its commit record; the next writer completes it. */
export class PublishInterrupted extends Error {
  override readonly name = 'PublishInterrupted';
}

/** A new, empty staging folder for `distDir` with its `new/` folder for the trees. */
export function createStaging(distDir: string): { dir: string; newDir: string } {
  const dir = mkdtempSync(path.join(path.dirname(distDir), `${STAGING_PREFIX}${path.basename(distDir)}-`));
  return { dir, newDir: path.join(dir, NEW) };
}

/**
 * Swaps the staged environments into dist/ and removes the listed ones, then deletes the staging
 * folder. Idempotent, so recovery runs the same code: an environment no longer in new/ has been
 * swapped already, one missing from dist/ has been moved aside already.
 */
export function completePublish(distDir: string, stagingDir: string, journal: PublishJournal, hook: PublishHook): void {
  try {
    mkdirSync(distDir, { recursive: true });
    for (const env of journal.publish) {
      const incoming = path.join(stagingDir, NEW, env);
      if (!existsSync(incoming)) continue;
      const current = path.join(distDir, env);
      if (existsSync(current)) {
        moveAside(current, path.join(stagingDir, OLD, env));
        hook('moved-aside', env);
      }
      // An entry may be a folder inside an environment (an app's folder, src/render/render-app-change.ts).
      mkdirSync(path.dirname(current), { recursive: true });
      renameSync(incoming, current);
      hook('published', env);
    }
    for (const name of journal.remove) {
      const current = path.join(distDir, name);
      if (!existsSync(current)) continue;
      moveAside(current, path.join(stagingDir, OLD, name));
      hook('removed', name);
    }
    for (const folder of new Set([distDir, ...[...journal.publish, ...journal.remove].map((entry) => path.dirname(path.join(distDir, entry)))])) syncDirectory(folder);
  } catch (error) {
    throw new PublishInterrupted(
      `publishing into ${distDir} stopped halfway (${error instanceof Error ? error.message : String(error)}); ` +
        `the staged output is kept in ${stagingDir}, and the next synth, set-image or promote finishes publishing it`,
    );
  }
  clearJournal(stagingDir);
  hook('cleaning');
  rmSync(stagingDir, { recursive: true, force: true });
}

function moveAside(current: string, aside: string): void {
  mkdirSync(path.dirname(aside), { recursive: true });
  renameSync(current, aside);
}

/**
 * Brings dist/ back to a whole state after an interrupted synth: completes a committed swap,
 * discards an uncommitted one, deletes leftovers. Returns what it did (empty: nothing to do).
 * Callers hold the writer lock, so no staging folder found here belongs to a live run.
 */
export function recoverDist(distDir: string): Recovery[] {
  const recoveries: Recovery[] = [];
  for (const stagingDir of stagingFolders(distDir)) {
    const journal = readJournal(stagingDir);
    const environments = journal ? [...journal.publish, ...journal.remove] : [];
    if (journal?.phase === 'commit') {
      completePublish(distDir, stagingDir, journal, () => {});
      recoveries.push({ outcome: 'finished', environments });
    } else {
      rmSync(stagingDir, { recursive: true, force: true });
      recoveries.push({ outcome: journal ? 'discarded' : 'leftovers', environments });
    }
  }
  return recoveries;
}

/** One line for the person running the next writer. */
export function describeRecovery(recovery: Recovery, distName: string): string {
  const environments = recovery.environments.join(', ');
  switch (recovery.outcome) {
    case 'finished':
      return `recovered an interrupted write: it had committed, so its publishing was completed; ${distName}/ now holds its output for ${environments}`;
    case 'discarded':
      return `recovered an interrupted write: it had not committed, so its staged output for ${environments} was discarded; ${distName}/ is as it was before it`;
    case 'leftovers':
      return `removed the leftover staging folder of an interrupted write (it had not begun publishing, or had finished); ${distName}/ was whole`;
  }
}

/** Staging folders of `distDir`: `.synth-<its name>-` plus mkdtemp's six characters. */
function stagingFolders(distDir: string): string[] {
  const parent = path.dirname(distDir);
  if (!existsSync(parent)) return [];
  const prefix = `${STAGING_PREFIX}${path.basename(distDir)}-`;
  return readdirSync(parent)
    .filter((name) => name.startsWith(prefix) && /^[A-Za-z0-9]{6}$/.test(name.slice(prefix.length)))
    .sort()
    .map((name) => path.join(parent, name));
}
