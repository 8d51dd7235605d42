import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { completePublish, createStaging, recoverDist } from './publish-dist';
import type { PublishHook } from './publish-hook';
import { writeJournal } from './publish-journal';

/** What changed in one environment's folder compared with the dist/ that was there before. */
export interface TreeChanges {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/**
 * The trees to write, produced one at a time: each environment's files can be rendered, staged
 * and dropped before the next is rendered, so a large repository never holds every environment's
 * text at once (docs/PERFORMANCE.md). `names` lists every tree the iteration yields, in order,
 * for the staging journal, which is written before the first of them is rendered.
 */
export interface StreamedTrees {
  readonly names: readonly string[];
  readonly trees: Iterable<readonly [string, ReadonlyMap<string, string>]>;
}

/**
 * Writes the changed environments into a staging folder next to dist/, then swaps them all
 * into place, or none of them (src/render/publish-dist.ts: a journal with a commit record makes
 * the swap complete or undo as a whole after a crash). Nothing under dist/ is touched until
 * every environment has been rendered and staged, so an exception (including one thrown while
 * a streamed tree is rendered) leaves dist/ exactly as it was.
 *
 * An environment whose files are all unchanged is left alone, and in a changed one each
 * unchanged file is hard-linked into the staging tree instead of written again: the common synth
 * changes nothing or one digest, and writing ~550 files to disk costs more system time than
 * rendering them (measured in docs/PERFORMANCE.md). Linking is safe because nothing ever writes
 * into a file below dist/ in place: every change is a new file swapped in.
 *
 * The keys of `environments` are folders below dist/: environments, or, without removeOthers,
 * folders inside one (one app's folder per cluster, src/render/render-app-change.ts), swapped
 * in the same way.
 *
 * When dist/ is shared, the caller holds the repository's writer lock (src/writer-lock/writer-lock.ts), and
 * has already run recoverDist; it runs here again so a staging folder is never started over
 * an unfinished swap.
 */
export function writeDist(
  distDir: string,
  environments: ReadonlyMap<string, ReadonlyMap<string, string>> | StreamedTrees,
  removeOthers: boolean,
  hook: PublishHook = () => {},
): Map<string, TreeChanges> {
  const { names, trees } = environments instanceof Map ? { names: [...environments.keys()], trees: environments.entries() } : (environments as StreamedTrees);
  recoverDist(distDir);
  const distExisted = existsSync(distDir);
  const changes = new Map<string, TreeChanges>();
  const publish: string[] = [];
  let remove: string[] = [];
  let staging: { dir: string; newDir: string } | undefined;
  // Created at the first changed tree: a synth that changes nothing stages nothing.
  const stagingFolder = (): { dir: string; newDir: string } => {
    if (staging) return staging;
    staging = createStaging(distDir);
    writeJournal(staging.dir, { phase: 'staging', publish: [...names], remove: [] });
    hook('staging');
    return staging;
  };
  try {
    for (const [env, files] of trees) {
      if (changes.has(env) || !names.includes(env)) throw new Error(`writeDist: tree '${env}' is not one of the announced ${names.join(', ')}, or came twice`);
      const comparison = compareWithExisting(path.join(distDir, env), files);
      changes.set(env, comparison.changes);
      if (isUnchanged(comparison.changes)) continue;
      writeTree(path.join(stagingFolder().newDir, env), files, path.join(distDir, env), comparison.unchanged);
      publish.push(env);
      hook('staged', env);
    }
    remove = removeOthers && distExisted ? readdirSync(distDir).filter((name) => !changes.has(name)).sort() : [];
    if (publish.length === 0 && remove.length === 0 && distExisted) return changes;
    mkdirSync(distDir, { recursive: true });
    writeJournal(stagingFolder().dir, { phase: 'commit', publish, remove });
  } catch (error) {
    if (staging) rmSync(staging.dir, { recursive: true, force: true });
    throw error;
  }
  hook('committed');
  completePublish(distDir, stagingFolder().dir, { phase: 'commit', publish, remove }, hook);
  return changes;
}

function isUnchanged(changes: TreeChanges | undefined): boolean {
  return changes !== undefined && changes.added === 0 && changes.changed === 0 && changes.removed === 0;
}

/** Writes files below dir; files named in `unchanged` are hard links to their copy in `current`. */
function writeTree(dir: string, files: ReadonlyMap<string, string>, current: string, unchanged: ReadonlySet<string>): void {
  const made = new Set<string>();
  for (const [file, content] of files) {
    const target = path.join(dir, file);
    const folder = path.dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    if (!unchanged.has(file) || !tryLink(path.join(current, file), target)) writeFileSync(target, content);
  }
}

/** False where the filesystem refuses hard links (then the file is simply written). */
function tryLink(existing: string, target: string): boolean {
  try {
    linkSync(existing, target);
    return true;
  } catch {
    return false;
  }
}

/** What changed against the folder on disk, and which files are byte-identical there. */
function compareWithExisting(dir: string, files: ReadonlyMap<string, string>): { changes: TreeChanges; unchanged: Set<string> } {
  const existing = listFiles(dir);
  const unchanged = new Set<string>();
  let added = 0;
  let changed = 0;
  for (const [file, content] of files) {
    if (!existing.has(file)) added++;
    else if (readFileSync(path.join(dir, file), 'utf8') === content) unchanged.add(file);
    else changed++;
  }
  const removed = [...existing].filter((file) => !files.has(file)).length;
  return { changes: { added, changed, removed }, unchanged };
}

/** Relative paths (with /) of every file below dir; empty when dir does not exist. */
export function listFiles(dir: string): Set<string> {
  const result = new Set<string>();
  if (!existsSync(dir)) return result;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) result.add(path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }
  return result;
}
