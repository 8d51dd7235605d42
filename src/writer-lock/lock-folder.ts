import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The writer lock on disk (src/writer-lock/writer-lock.ts decides when to take, wait and break).
 *
 * The lock is a directory, `.cache/writer.lock/`, holding one file `owner-<token>.json` with the
 * holder's pid, host, command and start time. A directory rather than a single file because
 * breaking a stale lock must be conditional, and the filesystem offers that only this way:
 * - acquire: build `writer.lock.<token>.tmp/owner-<token>.json`, then rename the folder to
 *   `writer.lock`. The rename fails while a non-empty `writer.lock` exists, so there is never a
 *   moment where the lock exists without its owner file (no half-written lock to misjudge).
 * - break a stale lock: unlink the exact owner file judged stale (its name carries the dead
 *   holder's token, so it cannot remove a lock someone else has taken since), then rmdir, which
 *   only removes an empty folder. Two processes breaking the same stale lock at once cannot
 *   remove each other's fresh lock; with a single lock file, whoever deleted or replaced it
 *   second would.
 * - release: unlink our owner file, then rmdir.
 * An empty `writer.lock/` is the rest of a release or a break interrupted between its two steps,
 * never a live lock, and is removed.
 */

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** What the holder runs, e.g. `synth --env dev`. */
  readonly command: string;
  /** ISO time it took the lock. */
  readonly since: string;
}

/** The lock folder of a repository. */
export function lockDirectory(root: string): string {
  return path.join(root, '.cache', 'writer.lock');
}

/** What a lock folder holds: 'free' when it vanished meanwhile, 'empty' for a folder without owner file. */
export type LockState = 'free' | 'empty' | { readonly file: string; readonly holder: LockHolder | undefined };

/**
 * One attempt: the lock folder is built under a name of our own and renamed into place, which
 * fails while a non-empty lock exists. Built anew per attempt, so a writer interrupted while
 * waiting leaves nothing behind.
 */
export function tryCreate(lockDir: string, candidate: string, ownerFile: string, owner: string): boolean {
  mkdirSync(candidate, { recursive: true });
  ignoreInGit(path.dirname(lockDir));
  try {
    writeFileSync(path.join(candidate, ownerFile), owner);
    renameSync(candidate, lockDir);
    return true;
  } catch (error) {
    // EEXIST/ENOTEMPTY: held. Windows answers EPERM for an existing directory.
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOTEMPTY' || (code === 'EPERM' && existsSync(lockDir))) return false;
    throw error;
  } finally {
    rmSync(candidate, { recursive: true, force: true });
  }
}

/**
 * A `.gitignore` of `*` in the cache folder (as pytest and mypy do for theirs), so a held lock is
 * never an untracked file in any repository, also one whose own .gitignore does not list
 * `.cache/` (promote --git refuses a dirty working tree).
 */
function ignoreInGit(cacheDir: string): void {
  try {
    writeFileSync(path.join(cacheDir, '.gitignore'), '# Everything here is a cache or a lock of gitops-platform; never committed.\n*\n', { flag: 'wx' });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
}

export function readOwner(lockDir: string): LockState {
  let names: string[];
  try {
    names = readdirSync(lockDir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'free';
    throw error;
  }
  const file = names.find((name) => name.startsWith('owner-') && name.endsWith('.json'));
  if (file === undefined) return 'empty';
  let text: string;
  try {
    text = readFileSync(path.join(lockDir, file), 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'free';
    throw error;
  }
  return { file, holder: parseHolder(text) };
}

/** undefined for a damaged owner file: it is written whole before the lock appears, so only damage makes it unreadable. */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.command !== 'string' || typeof value.since !== 'string') return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

/** Removes exactly the owner file judged stale; false when another writer removed it first. */
export function breakLock(lockDir: string, ownerFile: string): boolean {
  try {
    unlinkSync(path.join(lockDir, ownerFile));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  removeIfEmpty(lockDir);
  return true;
}

/**
 * rmdir: removes the folder only if it is empty, so never a lock someone has just taken. False
 * when it is not empty.
 */
export function removeIfEmpty(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return true;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw error;
  }
}

/** Removes our own lock: the owner file, then the folder if nothing else is in it. */
export function removeLock(lockDir: string, ownerFile: string): void {
  rmSync(path.join(lockDir, ownerFile), { force: true });
  removeIfEmpty(lockDir);
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? '';
}
