import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImageRef } from '../../config/overlay-schemas';
import { listFiles } from '../../render/write-dist';
import type { AppCatalog } from '../../app-catalog';
import { replaceFile } from '../../replace-file';
import { synth } from '../../synth-pipeline';
import { diffDistTrees, type ObjectChange } from './dist-diff';
import { withImage } from './images-file';
import { imagesFilePath } from './repository-state';

export interface AppliedImage {
  /** Rendered objects of the environment that changed. */
  readonly changes: readonly ObjectChange[];
  /** Puts the overlay back and re-renders: the repository is as it was before. */
  readonly undo: () => Promise<void>;
}

/**
 * Sets one app's image in one environment's overlay (comment-preserving edit) and re-renders
 * that environment with the normal pipeline. If rendering fails, the overlay is restored before
 * the error propagates (the pipeline itself never leaves dist/ half-written). The overlay is
 * replaced whole, so a command reading it meanwhile never sees half an edit.
 */
export async function applyImage(root: string, catalog: AppCatalog, env: string, app: string, image: ImageRef): Promise<AppliedImage> {
  const file = imagesFilePath(env);
  const absolute = path.join(root, file);
  const original = readFileSync(absolute, 'utf8');
  const edited = withImage(original, file, app, image);
  const before = readEnvironmentDist(root, env);
  replaceFile(absolute, edited, { durable: true });
  const render = () => synth({ root, catalog, only: [env] });
  try {
    await render();
  } catch (error) {
    replaceFile(absolute, original, { durable: true });
    throw error;
  }
  return {
    changes: diffDistTrees(before, readEnvironmentDist(root, env)),
    undo: async () => {
      replaceFile(absolute, original, { durable: true });
      await render();
    },
  };
}

/** dist/<env>/ files keyed by their path below dist/ (env/...). */
export function readEnvironmentDist(root: string, env: string): Map<string, string> {
  const dir = path.join(root, 'dist', env);
  return new Map([...listFiles(dir)].sort().map((file) => [`${env}/${file}`, readFileSync(path.join(dir, file), 'utf8')]));
}
