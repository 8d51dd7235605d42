import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file's content atomically: a temporary file beside it, renamed over it. Anyone
 * reading it (a check running meanwhile, the next writer after a crash) sees the old content or
 * the new one, never a part. `durable` adds an fsync of the file and of its folder (~10 ms on
 * this machine's disk), so the new content also survives a power cut.
 */
export function replaceFile(file: string, content: string, { durable }: { durable: boolean }): void {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(partial, 'w');
    try {
      writeSync(fd, content);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  if (durable) syncDirectory(path.dirname(file));
}

/** Makes renames and unlinks inside `dir` durable; best effort where directories cannot be synced (Windows). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM: not supported on this platform.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
