import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleAppFiles } from '../../src/cli/lib/app-folders-current';
import { inTemporaryWorktree } from '../../src/cli/lib/temporary-worktree';
import { fixtureCatalog } from '../support/fixture-repository';
import { fleetGitRepository, git, gitRepository } from '../support/cli';

/** Commits a hand edit of files below dist/ (path -> new text). */
function commitHandEdit(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, 'dist', file), text);
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '-m', 'hand edit');
}

function staleAtHead(root: string, env: string, app: string): Promise<string[]> {
  return inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], (worktree) => staleAppFiles(worktree, fixtureCatalog, env, app));
}

describe('staleAppFiles (the --git precondition)', () => {
  it('finds nothing when the app\'s folders are what the overlays render, in every cluster', async () => {
    expect(await staleAtHead(await fleetGitRepository(), 'qa', 'shop')).toEqual([]);
  });

  it('names a changed, an added and a removed file of the app\'s folders, in any cluster of the environment', async () => {
    const root = await fleetGitRepository();
    commitHandEdit(root, { 'qa/qa-b/apps/shop/service-shop.yaml': 'edited: by hand\n', 'qa/qa-a/apps/shop/extra.yaml': 'added: by hand\n' });
    git(root, 'rm', '--quiet', 'dist/qa/qa-a/apps/shop/deployment-shop.yaml');
    git(root, 'commit', '--quiet', '-m', 'removed by hand');

    expect(await staleAtHead(root, 'qa', 'shop')).toEqual(['qa/qa-a/apps/shop/deployment-shop.yaml', 'qa/qa-a/apps/shop/extra.yaml', 'qa/qa-b/apps/shop/service-shop.yaml']);
  });

  it('ignores what the commit cannot carry: other apps\' folders and the platform', async () => {
    const root = await gitRepository();
    commitHandEdit(root, { 'qa/qa/apps/settle/service-settle.yaml': 'edited: by hand\n', 'qa/qa/root.yaml': 'edited: by hand\n' });

    expect(await staleAtHead(root, 'qa', 'shop')).toEqual([]);
    expect(await staleAtHead(root, 'qa', 'settle')).toEqual(['qa/qa/apps/settle/service-settle.yaml']);
  });

  it('checks out the app\'s folders only', async () => {
    const root = await fleetGitRepository();
    const seen = await inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], async (worktree) => {
      await staleAppFiles(worktree, fixtureCatalog, 'qa', 'ledger');
      return ['qa/qa-a/apps/ledger', 'qa/qa-b/apps/ledger', 'qa/qa-a/apps/shop', 'qa/qa-a/argocd', 'dev'].map((folder) => existsSync(path.join(worktree.root, 'dist', folder)));
    });
    expect(seen).toEqual([true, true, false, false, false]);
  });
});
