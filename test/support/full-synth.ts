import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synth } from '../../src/synth-pipeline';
import { fixtureCatalog } from './fixture-repository';
import { readTree } from './repo';

/** dist/ as a full synth of root's overlays (with the fixture repository's apps) writes it, into a directory of its own. */
export async function fullSynth(root: string): Promise<Map<string, string>> {
  const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'full-synth-')), 'dist');
  await synth({ root, catalog: fixtureCatalog, outDir });
  const tree = readTree(outDir);
  rmSync(path.dirname(outDir), { recursive: true, force: true });
  return tree;
}

/** Files whose content differs between two trees (or that only one of them has). */
export function differingFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file)).sort();
}
