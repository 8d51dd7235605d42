import path from 'node:path';
import type { AppCatalog } from '../../app-catalog';
import { readFolder, renderAppFolders } from '../../render/render-app-change';
import type { TemporaryWorktree } from './temporary-worktree';

/**
 * Files of the app's folders in dist/<env>/ (dist/<env>/<cluster>/apps/<app>/ of every cluster)
 * that differ from a fresh render of the overlays at the worktree's base, paths below dist/
 * (empty: current). Those folders are checked out into the worktree first; nothing else of
 * dist/ is needed, because nothing else is rendered or committed.
 *
 * This is what a commit of the change can carry besides the change itself: `--git` commits the
 * overlay and exactly these folders, re-rendered (src/render/render-app-change.ts). So a stale
 * file here would smuggle an unrelated change into the commit, and is refused; a stale file
 * anywhere else stays out of the commit (and `npm run check` reports it on any pull request).
 * Checking the whole environment would mean rendering it: seconds at 1000 apps, more than the
 * rest of the promotion together (docs/PERFORMANCE.md).
 */
export async function staleAppFiles(worktree: TemporaryWorktree, catalog: AppCatalog, env: string, app: string): Promise<string[]> {
  const fresh = renderAppFolders({ root: worktree.root, catalog, env, apps: [app] });
  await worktree.checkOut([...fresh.keys()].map((folder) => `dist/${folder}`));
  const stale: string[] = [];
  for (const [folder, files] of fresh) {
    const committed = readFolder(path.join(worktree.root, 'dist'), folder);
    const rendered = new Map([...files].map(([file, text]): [string, string] => [`${folder}/${file}`, text]));
    for (const file of new Set([...rendered.keys(), ...committed.keys()])) if (rendered.get(file) !== committed.get(file)) stale.push(file);
  }
  return stale.sort();
}
