import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigProblem } from './config-error';

/**
 * Largest overlay file read. The biggest real one (platform.yaml) is ~10 KiB; the limit is
 * checked before reading, so a huge file costs nothing (a 50 MB quoted string took 11 s and
 * 1.8 GB to fail in the YAML parser).
 */
export const MAX_OVERLAY_BYTES = 1024 * 1024;

/** The text of one overlay file, or undefined with the reason in `problems`. */
export function readOverlayText(root: string, file: string, problems: ConfigProblem[]): string | undefined {
  const absolute = path.join(root, file);
  const at = { file, line: 1, field: '(file)' };
  if (!existsSync(absolute)) {
    problems.push({ ...at, problem: 'file is missing', expected: 'the file to exist' });
    return undefined;
  }
  const stats = statSync(absolute);
  if (!stats.isFile()) {
    problems.push({ ...at, problem: 'not a regular file', expected: 'a YAML file' });
    return undefined;
  }
  if (stats.size > MAX_OVERLAY_BYTES) {
    problems.push({ ...at, problem: 'file too large', got: `${stats.size} bytes`, expected: `at most ${MAX_OVERLAY_BYTES} bytes (1 MiB)` });
    return undefined;
  }
  const bytes = readFileSync(absolute);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push({ ...at, line: lineOfInvalidUtf8(bytes), problem: 'not valid UTF-8', expected: 'a UTF-8 text file' });
    return undefined;
  }
}

function lineOfInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index < bytes.length && bytes[index] !== 0x0a) continue;
    try {
      decoder.decode(bytes.subarray(start, index));
    } catch {
      return line;
    }
    line++;
    start = index + 1;
  }
  return line;
}
