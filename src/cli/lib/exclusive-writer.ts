import path from 'node:path';
import { describeRecovery, recoverDist } from '../../render/publish-dist';
import { acquireWriterLock, lockWaitMs } from '../../writer-lock/writer-lock';
import type { CommandIo } from './command';

export interface WriterOptions {
  /** The repository whose overlays/ and dist/ the command reads and writes. */
  readonly root: string;
  /** The dist directory the command writes (`<root>/dist`, or synth's --out). */
  readonly distDir: string;
  /** The command with its arguments, e.g. `set-image web --env dev ...`, shown to writers that wait. */
  readonly command: string;
  /** Where progress lines go (stderr). */
  readonly log: (line: string) => void;
}

/**
 * How every command that writes (synth, set-image, promote) runs: it takes the repository's
 * writer lock (waiting for another writer; GITOPS_WRITER_LOCK_WAIT seconds, 30 by default),
 * then, before reading anything, brings dist/ back to a whole state if an earlier writer was
 * interrupted (one line says what was restored), then does its work, and releases the lock
 * however the work ends.
 */
export async function asExclusiveWriter<T>(options: WriterOptions, work: () => Promise<T>): Promise<T> {
  const lock = await acquireWriterLock({ root: options.root, command: options.command, waitMs: lockWaitMs(process.env), log: options.log });
  try {
    const relative = path.relative(options.root, options.distDir);
    const distName = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : options.distDir;
    for (const recovery of recoverDist(options.distDir)) options.log(describeRecovery(recovery, distName));
    return await work();
  } finally {
    lock.release();
  }
}

/** The writer options of a promotion command (set-image, promote): the repository's dist/, progress on its stderr. */
export function commandWriter(root: string, name: string, args: readonly string[], io: CommandIo): WriterOptions {
  return { root, distDir: path.join(root, 'dist'), command: [name, ...args].join(' '), log: (line) => io.err(`${name}: ${line}`) };
}
