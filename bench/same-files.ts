import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Throws unless the two folders hold the same files with the same bytes: the floor only means
 * something if it produced exactly what synth did.
 */
export function assertSameFiles(synthDir: string, floorDir: string): number {
  const synthFiles = filesBelow(synthDir);
  const floorFiles = filesBelow(floorDir);
  const inFloor = new Set(floorFiles);
  const inSynth = new Set(synthFiles);
  const missing = synthFiles.filter((file) => !inFloor.has(file));
  const extra = floorFiles.filter((file) => !inSynth.has(file));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`the floor wrote other files than synth: missing ${sample(missing)}, extra ${sample(extra)}`);
  }
  const different = synthFiles.filter((file) => !readFileSync(path.join(synthDir, file)).equals(readFileSync(path.join(floorDir, file))));
  if (different.length > 0) throw new Error(`the floor wrote ${different.length} file(s) with other bytes than synth: ${sample(different)}`);
  return synthFiles.length;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function sample(files: readonly string[]): string {
  return files.length === 0 ? 'none' : `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}`;
}
