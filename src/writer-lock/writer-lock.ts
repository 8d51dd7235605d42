import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { breakLock, errorCode, lockDirectory, type LockHolder, readOwner, removeIfEmpty, removeLock, tryCreate } from './lock-folder';

export { lockDirectory, type LockHolder };

/**
 * One writer at a time per repository: synth, set-image and promote hold this lock while they
 * read overlays and write dist/ (and overlays). Read-only commands never take it. This module
 * decides when to take it, how long to wait, which lock is stale and what to say; the folder
 * protocol that makes taking and breaking it safe is src/writer-lock/lock-folder.ts.
 */

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
  const releaseOnce = () => {
    if (released) return;
    released = true;
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', releaseOnce);
    removeLock(lockDir, ownerFile);
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
    releaseOnce();
    process.kill(process.pid, signal);
  }
  for (const signal of SIGNALS) process.on(signal, onSignal);
  // Covers process.exit() and uncaught exceptions; SIGKILL leaves a stale lock the next writer takes over.
  process.on('exit', releaseOnce);
  return {
    release: () => {
      releaseOnce();
      if (interrupted !== undefined) process.kill(process.pid, interrupted);
    },
  };
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

