import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImageRef } from '../../config/overlay-schemas';
import { listFiles } from '../../render/write-dist';
import { replaceFile } from '../../replace-file';
import type { AppCatalog } from '../../app-catalog';
import { synth } from '../../synth-pipeline';
import { diffDistTrees, type ObjectChange } from './dist-diff';
import { withImage } from './images-file';
import { imagesFilePath } from './repository-state';

export interface AppliedImage {
  /** Rendered objects of the environment that changed. */
  readonly changes: readonly ObjectChange[];
}

/**
 * Sets one app's image (and its break-glass mark, or none) in one environment's overlay
 * (comment-preserving edit) and re-renders that environment with the normal pipeline. If
 * rendering fails, the overlay is restored before the error propagates (the pipeline itself never
 * leaves dist/ half-written). The overlay is replaced whole, so a command reading it meanwhile
 * never sees half an edit.
 */
export async function applyImage(root: string, catalog: AppCatalog, env: string, app: string, image: ImageRef, breakGlass: string | undefined): Promise<AppliedImage> {
  const file = imagesFilePath(env);
  const absolute = path.join(root, file);
  const original = readFileSync(absolute, 'utf8');
  const edited = withImage(original, file, app, image, breakGlass);
  const before = readEnvironmentDist(root, env);
  replaceFile(absolute, edited, { durable: true });
  try {
    await synth({ root, catalog, only: [env] });
  } catch (error) {
    replaceFile(absolute, original, { durable: true });
    throw error;
  }
  return { changes: diffDistTrees(before, readEnvironmentDist(root, env)) };
}

/** dist/<env>/ files keyed by their path below dist/ (env/...). */
export function readEnvironmentDist(root: string, env: string): Map<string, string> {
  const dir = path.join(root, 'dist', env);
  return new Map([...listFiles(dir)].sort().map((file) => [`${env}/${file}`, readFileSync(path.join(dir, file), 'utf8')]));
}
