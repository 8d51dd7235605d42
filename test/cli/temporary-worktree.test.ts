import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../../src/cli/lib/command';
import { inTemporaryWorktree } from '../../src/cli/lib/temporary-worktree';
import { checkoutState, git, gitRepository } from '../support/cli';

describe('a temporary worktree', () => {
  it('creates the branch only if absent: a branch made by another run meanwhile wins, and this commit is dropped', async () => {
    const root = await gitRepository();
    const checkout = checkoutState(root);
    git(root, 'commit', '--quiet', '--allow-empty', '-m', 'the other run');
    const other = git(root, 'rev-parse', 'HEAD');
    git(root, 'reset', '--quiet', '--hard', 'HEAD^');

    let directory = '';
    const attempt = inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], async (worktree) => {
      directory = worktree.root;
      await worktree.requireNewBranch('promote/shop-qa-111111111111');
      // Another run creates the same branch between the check and the commit.
      git(root, 'branch', 'promote/shop-qa-111111111111', other);
      writeFileSync(path.join(worktree.root, 'overlays/qa/images.yaml'), 'images: {}\n');
      return worktree.commitToNewBranch('promote/shop-qa-111111111111', ['overlays/qa/images.yaml'], 'Promote shop');
    });
    await expect(attempt).rejects.toThrow(new Refusal('branch promote/shop-qa-111111111111 already exists: another run created it while this one was working; its commit was discarded'));
    expect(git(root, 'rev-parse', 'promote/shop-qa-111111111111')).toBe(other);
    expect(existsSync(directory)).toBe(false);
    expect(checkoutState(root)).toEqual(checkout);
  });

  it('is removed when the work fails', async () => {
    const root = await gitRepository();
    const checkout = checkoutState(root);
    let directory = '';
    const failing = inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], async (worktree) => {
      directory = worktree.root;
      writeFileSync(path.join(worktree.root, 'overlays/qa/images.yaml'), 'half written');
      throw new Error('rendering failed');
    });
    await expect(failing).rejects.toThrow('rendering failed');
    expect(directory).not.toBe('');
    expect(existsSync(directory)).toBe(false);
    expect(checkoutState(root)).toEqual(checkout);
  });

  it('maps a --root below the top of the repository into the worktree, and writes only the paths asked for', async () => {
    const top = await gitRepository();
    mkdirSync(path.join(top, 'deploy'));
    git(top, 'mv', 'overlays', 'dist', 'deploy/');
    git(top, 'commit', '--quiet', '-m', 'move below deploy/');
    const root = path.join(top, 'deploy');

    const commit = await inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], async (worktree) => {
      // Only what is asked for is written; the commit still keeps every other file.
      expect(existsSync(path.join(worktree.root, 'overlays/qa/images.yaml'))).toBe(true);
      expect(existsSync(path.join(worktree.root, 'dist'))).toBe(false);
      await worktree.checkOut(['dist/qa']);
      expect(existsSync(path.join(worktree.root, 'dist/qa/qa/root.yaml'))).toBe(true);
      expect(existsSync(path.join(worktree.root, 'dist/live'))).toBe(false);
      writeFileSync(path.join(worktree.root, 'overlays/qa/images.yaml'), 'images: {}\n');
      return worktree.commitToNewBranch('promote/below', ['overlays/qa/images.yaml'], 'Promote below');
    });
    expect(git(top, 'rev-parse', '--short=12', 'promote/below')).toBe(commit);
    expect(git(top, 'diff', '--name-only', 'HEAD', 'promote/below')).toBe('deploy/overlays/qa/images.yaml');
  });
});
