import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One writer at a time per repository: synth, set-image and promote hold this lock while they
 * read overlays and write dist/ (and overlays). Read-only commands never take it.
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

export interface WriterLockOptions {
  /** Repository root; the lock lives in its `.cache/`. */
  readonly root: string;
  /** Shown to writers that have to wait for this one. */
  readonly command: string;
  /** How long to wait for another writer before giving up, in milliseconds. */
  readonly waitMs: number;
  /** Progress for the person waiting: once when waiting starts, and for a stale lock taken over. */
  readonly log: (line: string) => void;
}

export interface WriterLock {
  /** Idempotent. If a SIGINT/SIGTERM arrived meanwhile, the process then stops with that signal. */
  release(): void;
}

/** Environment variable with the seconds a writer waits for the lock (default 30). */
export const LOCK_WAIT_VARIABLE = 'GITOPS_WRITER_LOCK_WAIT';
const DEFAULT_WAIT_SECONDS = 30;
const POLL_MS = 50;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function lockDirectory(root: string): string {
  return path.join(root, '.cache', 'writer.lock');
}

/** The wait configured in `env` (LOCK_WAIT_VARIABLE), in milliseconds. */
export function lockWaitMs(env: NodeJS.ProcessEnv): number {
  const text = env[LOCK_WAIT_VARIABLE];
  if (text === undefined || text.trim() === '') return DEFAULT_WAIT_SECONDS * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${LOCK_WAIT_VARIABLE}: expected the seconds to wait for another writer (a number >= 0), got '${text}'`);
  return seconds * 1000;
}

/**
 * Takes the repository's writer lock, waiting up to `waitMs` for another writer to finish. A lock
 * left by a process that no longer runs (or by another host, whose processes cannot be checked
 * from here) is taken over. Fails with who holds it when the wait runs out.
 */
export async function acquireWriterLock(options: WriterLockOptions): Promise<WriterLock> {
  const lockDir = lockDirectory(options.root);
  const token = `${process.pid}-${randomUUID()}`;
  const ownerFile = `owner-${token}.json`;
  // Stamped per attempt: `since` is when the lock was taken, not when waiting began.
  const owner = () => `${JSON.stringify({ pid: process.pid, host: hostname(), command: options.command, since: new Date().toISOString() } satisfies LockHolder)}\n`;
  const deadline = Date.now() + options.waitMs;
  let toldWaiting = false;
  for (;;) {
    if (tryCreate(lockDir, `${lockDir}.${token}.tmp`, ownerFile, owner())) return holdLock(lockDir, ownerFile, options);
    const current = readOwner(lockDir);
    if (current === 'free') continue;
    if (current === 'empty') {
      // Not removable: either another writer just renamed its lock onto the empty folder (fine,
      // look again), or the folder holds something else.
      if (!removeIfEmpty(lockDir) && readOwner(lockDir) === 'empty') {
        throw new Error(`${lockDir} holds files but no owner-*.json; it is not a lock this tool made, delete it`);
      }
      continue;
    }
    const stale = staleness(current.holder);
    if (stale !== undefined) {
      // Only the one writer whose unlink removed the owner file says so.
      if (breakLock(lockDir, current.file)) options.log(`removed a stale writer lock ${describeHolder(current.holder)}: ${stale}`);
      continue;
    }
    const holding = current.holder!;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(busyMessage(options, lockDir, holding));
    if (!toldWaiting) {
      options.log(`waiting for the writer lock ${describeHolder(holding)} (up to ${formatSeconds(options.waitMs)})`);
      toldWaiting = true;
    }
    await sleep(Math.min(POLL_MS, remaining));
  }
}

function holdLock(lockDir: string, ownerFile: string, options: WriterLockOptions): WriterLock {
  let released = false;
  let interrupted: NodeJS.Signals | undefined;
  const removeLock = () => {
    if (released) return;
    released = true;
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', removeLock);
    rmSync(path.join(lockDir, ownerFile), { force: true });
    removeIfEmpty(lockDir);
  };
  // A first signal lets the write in progress finish (it is short, and stopping it halfway would
  // leave an edited overlay without its re-rendered dist/); a second one stops at once. Either
  // way the lock is removed before the process ends with the signal.
  function onSignal(signal: NodeJS.Signals): void {
    if (interrupted === undefined) {
      interrupted = signal;
      options.log(`${signal}: finishing the write in progress, then stopping (send it again to stop now)`);
      return;
    }
    removeLock();
    process.kill(process.pid, signal);
  }
  for (const signal of SIGNALS) process.on(signal, onSignal);
  // Covers process.exit() and uncaught exceptions; SIGKILL leaves a stale lock the next writer takes over.
  process.on('exit', removeLock);
  return {
    release: () => {
      removeLock();
      if (interrupted !== undefined) process.kill(process.pid, interrupted);
    },
  };
}

/**
 * One attempt: the lock folder is built under a name of our own and renamed into place, which
 * fails while a non-empty lock exists. Built anew per attempt, so a writer interrupted while
 * waiting leaves nothing behind.
 */
function tryCreate(lockDir: string, candidate: string, ownerFile: string, owner: string): boolean {
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

/** 'free' when the lock vanished meanwhile, 'empty' for a folder without owner file. */
function readOwner(lockDir: string): 'free' | 'empty' | { file: string; holder: LockHolder | undefined } {
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

/** Why a lock is stale, or undefined while its holder may still run. */
function staleness(holder: LockHolder | undefined): string | undefined {
  if (holder === undefined) return 'its owner file is damaged';
  // A repository is written from one machine at a time; another host's lock is what a killed
  // container or VM left, and its pid means nothing here.
  if (holder.host !== hostname()) return `it was taken on another host (${holder.host}), whose processes cannot be checked from ${hostname()}`;
  if (!isRunning(holder.pid)) return 'that process no longer runs';
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return errorCode(error) === 'EPERM';
  }
}

/** Removes exactly the owner file judged stale; false when another writer removed it first. */
function breakLock(lockDir: string, ownerFile: string): boolean {
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
function removeIfEmpty(dir: string): boolean {
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

function busyMessage(options: WriterLockOptions, lockDir: string, holder: LockHolder): string {
  return (
    `another writer holds the repository's writer lock: ${describeHolder(holder)}; waited ${formatSeconds(options.waitMs)}. ` +
    `Let it finish, then run this again (${LOCK_WAIT_VARIABLE}=<seconds> waits longer). ` +
    `If pid ${holder.pid} is not running on ${holder.host}, delete ${lockDir}`
  );
}

function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'with an unreadable owner file';
  const age = Math.max(0, Math.round((Date.now() - Date.parse(holder.since)) / 1000));
  return `of pid ${holder.pid} on ${holder.host} ('${holder.command}', since ${holder.since}, ${age} s ago)`;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? '';
}
