import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes one file of a cache below .cache/: via a temporary file and a rename, so a concurrent
 * run never reads half a file. Never throws: a cache that cannot be written (read-only checkout,
 * full disk) only means the next run does the work again.
 */
export function writeCacheFile(file: string, content: () => string | Uint8Array): void {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, content());
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}
