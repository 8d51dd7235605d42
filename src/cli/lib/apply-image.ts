import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../../render/write-dist';
import { replaceFile } from '../../replace-file';
import type { AppCatalog } from '../../app-catalog';
import { synth } from '../../synth-pipeline';
import { diffDistTrees, type ObjectChange } from './dist-diff';
import type { OverlayEdit } from './wave-edits';

export interface AppliedImage {
  /** Rendered objects of the environment that changed. */
  readonly changes: readonly ObjectChange[];
}

/**
 * Writes one app's image change into the environment's overlay files (`edits`, each file
 * replaced whole, in the order given, so a command reading them meanwhile never sees half an
 * edit) and re-renders that environment with the normal pipeline. If rendering fails, the
 * overlays are restored before the error propagates (the pipeline itself never leaves dist/
 * half-written).
 */
export async function applyImage(root: string, catalog: AppCatalog, env: string, app: string, edits: readonly OverlayEdit[]): Promise<AppliedImage> {
  const originals = edits.map((edit) => ({ file: path.join(root, edit.file), text: readFileSync(path.join(root, edit.file), 'utf8') }));
  const before = readEnvironmentDist(root, env);
  for (const edit of edits) replaceFile(path.join(root, edit.file), edit.text, { durable: true });
  try {
    await synth({ root, catalog, only: [env] });
  } catch (error) {
    for (const original of [...originals].reverse()) replaceFile(original.file, original.text, { durable: true });
    throw error;
  }
  return { changes: diffDistTrees(before, readEnvironmentDist(root, env)) };
}

/** dist/<env>/ files (all its clusters) keyed by their path below dist/ (<env>/<cluster>/...). */
export function readEnvironmentDist(root: string, env: string): Map<string, string> {
  const dir = path.join(root, 'dist', env);
  return new Map([...listFiles(dir)].sort().map((file) => [`${env}/${file}`, readFileSync(path.join(dir, file), 'utf8')]));
}
