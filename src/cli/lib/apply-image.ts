import { readFileSync } from 'node:fs';
import path from 'node:path';
import { replaceFile } from '../../replace-file';
import type { AppCatalog } from '../../app-catalog';
import { renderAppChange, type AppChangeResult } from '../../render/render-app-change';
import { diffDistTrees, type ObjectChange } from './dist-diff';
import type { OverlayEdit } from './wave-edits';

export interface AppliedImage {
  /** Rendered objects of the environment that changed. */
  readonly changes: readonly ObjectChange[];
}

/**
 * Writes one app's image change into the environment's overlay files (`edits`, each file
 * replaced whole, in the order given, so a command reading them meanwhile never sees half an
 * edit) and re-renders what that can change: the app's folder in each of the environment's
 * clusters (src/render/render-app-change.ts). If rendering fails, the overlays are restored
 * before the error propagates (the writer itself never leaves dist/ half-written).
 */
export async function applyImage(root: string, catalog: AppCatalog, env: string, app: string, edits: readonly OverlayEdit[]): Promise<AppliedImage> {
  const originals = edits.map((edit) => ({ file: path.join(root, edit.file), text: readFileSync(path.join(root, edit.file), 'utf8') }));
  for (const edit of edits) replaceFile(path.join(root, edit.file), edit.text, { durable: true });
  let rendered: AppChangeResult;
  try {
    rendered = await renderAppChange({ root, catalog, env, apps: [app] });
  } catch (error) {
    for (const original of [...originals].reverse()) replaceFile(original.file, original.text, { durable: true });
    throw error;
  }
  return { changes: diffDistTrees(rendered.before, rendered.after) };
}
