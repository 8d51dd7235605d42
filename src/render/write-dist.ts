import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
 */
export function writeDist(distDir: string, environments: ReadonlyMap<string, ReadonlyMap<string, string>>, removeOthers: boolean): Map<string, TreeChanges> {
  const parent = path.dirname(distDir);
  recoverInterruptedSwap(distDir);
  const staging = mkdtempSync(path.join(parent, STAGING_PREFIX));
  try {
    const changes = new Map<string, TreeChanges>();
    for (const [env, files] of environments) {
      writeTree(path.join(staging, env), files);
      changes.set(env, compareWithExisting(path.join(distDir, env), files));
    }
    mkdirSync(distDir, { recursive: true });
    for (const env of environments.keys()) swapIn(distDir, staging, env);
    if (removeOthers) {
      for (const stale of readdirSync(distDir).filter((name) => !environments.has(name))) {
        rmSync(path.join(distDir, stale), { recursive: true, force: true });
      }
    }
    return changes;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
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

function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  const made = new Set<string>();
  for (const [file, content] of files) {
    const folder = path.dirname(path.join(dir, file));
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(path.join(dir, file), content);
  }
}

function compareWithExisting(dir: string, files: ReadonlyMap<string, string>): TreeChanges {
  const existing = listFiles(dir);
  let added = 0;
  let changed = 0;
  for (const [file, content] of files) {
    if (!existing.has(file)) added++;
    else if (readFileSync(path.join(dir, file), 'utf8') !== content) changed++;
  }
  const removed = [...existing].filter((file) => !files.has(file)).length;
  return { added, changed, removed };
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
