import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What changed in one environment's folder compared with the dist/ that was there before. */
export interface TreeChanges {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

const STAGING_PREFIX = '.synth-';
const OLD_PREFIX = 'old-';

/**
 * Writes every environment into a staging directory next to dist/, then swaps each finished
 * environment folder into place with two renames. Nothing under dist/ is touched until every
 * environment has been rendered and written, so an exception leaves dist/ exactly as it was.
 * A process killed between the two renames of a swap is repaired by recoverInterruptedSwap().
 *
 * An environment whose files are all unchanged is left alone, and in a changed one each
 * unchanged file is hard-linked into the staging tree instead of written again: the common synth
 * changes nothing or one digest, and writing ~550 files to disk costs more system time than
 * rendering them (measured in docs/PERFORMANCE.md). Linking is safe because nothing ever writes
 * into a file below dist/ in place: every change is a new file swapped in.
 */
export function writeDist(distDir: string, environments: ReadonlyMap<string, ReadonlyMap<string, string>>, removeOthers: boolean): Map<string, TreeChanges> {
  const parent = path.dirname(distDir);
  recoverInterruptedSwap(distDir);
  const changes = new Map<string, TreeChanges>();
  const unchanged = new Map<string, Set<string>>();
  for (const [env, files] of environments) {
    const comparison = compareWithExisting(path.join(distDir, env), files);
    changes.set(env, comparison.changes);
    unchanged.set(env, comparison.unchanged);
  }
  const toSwap = [...environments.keys()].filter((env) => !isUnchanged(changes.get(env)));
  const stale = removeOthers && existsSync(distDir) ? readdirSync(distDir).filter((name) => !environments.has(name)) : [];
  if (toSwap.length === 0 && stale.length === 0 && existsSync(distDir)) return changes;

  const staging = mkdtempSync(path.join(parent, STAGING_PREFIX));
  try {
    for (const env of toSwap) {
      writeTree(path.join(staging, env), environments.get(env) ?? new Map(), path.join(distDir, env), unchanged.get(env) ?? new Set());
    }
    mkdirSync(distDir, { recursive: true });
    for (const env of toSwap) swapIn(distDir, staging, env);
    for (const name of stale) rmSync(path.join(distDir, name), { recursive: true, force: true });
    return changes;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function isUnchanged(changes: TreeChanges | undefined): boolean {
  return changes !== undefined && changes.added === 0 && changes.changed === 0 && changes.removed === 0;
}

/**
 * If a previous synth was killed after moving dist/<env> aside but before moving the new one in,
 * put the old one back; then drop leftover staging directories.
 */
export function recoverInterruptedSwap(distDir: string): void {
  const parent = path.dirname(distDir);
  if (!existsSync(parent)) return;
  for (const staging of readdirSync(parent).filter((name) => name.startsWith(STAGING_PREFIX))) {
    const stagingDir = path.join(parent, staging);
    for (const entry of readdirSync(stagingDir).filter((name) => name.startsWith(OLD_PREFIX))) {
      const target = path.join(distDir, entry.slice(OLD_PREFIX.length));
      if (!existsSync(target)) {
        mkdirSync(distDir, { recursive: true });
        renameSync(path.join(stagingDir, entry), target);
      }
    }
    rmSync(stagingDir, { recursive: true, force: true });
  }
}

function swapIn(distDir: string, staging: string, env: string): void {
  const current = path.join(distDir, env);
  if (existsSync(current)) renameSync(current, path.join(staging, `${OLD_PREFIX}${env}`));
  renameSync(path.join(staging, env), current);
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
