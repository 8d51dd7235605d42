import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inTemporaryWorktree } from '../../src/cli/lib/temporary-worktree';
import { git, gitRepository } from '../support/cli';

/**
 * The commit a temporary worktree makes (commitToNewBranch) is built by plumbing instead of
 * `git commit`; these are the parts of `git commit -m` it must keep.
 */

/** A message with what `git commit -m` cleans up: trailing spaces, runs of blank lines, blank lines at the ends. */
const MESSAGE = '\nPromote shop qa -> live: sha256:111111111111  \n\n\n\nlive now runs it.\t\n\nchanged live/live/apps/shop/deployment-shop.yaml\n\n';

async function commitInWorktree(root: string, branch: string, message: string): Promise<string> {
  return inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], async (worktree) => {
    writeFileSync(path.join(worktree.root, 'overlays/live/images.yaml'), 'images: {}\n');
    return worktree.commitToNewBranch(branch, ['overlays/live/images.yaml'], message);
  });
}

describe('a temporary worktree commit', () => {
  it('stores the message, author and committer exactly as git commit -m does, on the base, with only the paths given', async () => {
    const root = await gitRepository();
    const base = git(root, 'rev-parse', 'HEAD');
    const commit = await commitInWorktree(root, 'promote/shop-live', MESSAGE);

    // The same change committed by git commit itself, for comparison.
    writeFileSync(path.join(root, 'overlays/live/images.yaml'), 'images: {}\n');
    git(root, 'commit', '--quiet', '--all', '-m', MESSAGE);

    const raw = (rev: string) => git(root, 'cat-file', 'commit', rev).replace(/^(author|committer) (.*) \d+ [+-]\d{4}$/gm, '$1 $2');
    expect(raw('promote/shop-live')).toBe(raw('HEAD'));
    expect(git(root, 'rev-parse', '--short=12', 'promote/shop-live')).toBe(commit);
    expect(git(root, 'rev-parse', 'promote/shop-live^')).toBe(base);
    expect(git(root, 'diff', '--name-only', base, 'promote/shop-live')).toBe('overlays/live/images.yaml');
  });

  it('is signed when commit.gpgSign says so, like git commit', async () => {
    const root = await gitRepository();
    // A stand-in for gpg: git passes the payload on stdin and reads the status and signature back.
    const bin = mkdtempSync(path.join(tmpdir(), 'fake-gpg-'));
    const program = path.join(bin, 'gpg');
    writeFileSync(program, '#!/bin/sh\ncat > /dev/null\necho "[GNUPG:] SIG_CREATED D 1 8 00 0 0" >&2\nprintf -- "-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n"\n');
    chmodSync(program, 0o755);
    git(root, 'config', 'gpg.program', program);
    git(root, 'config', 'user.signingKey', 'promotion-test@example.com');

    await commitInWorktree(root, 'promote/unsigned', 'Promote unsigned');
    git(root, 'config', 'commit.gpgSign', 'true');
    await commitInWorktree(root, 'promote/signed', 'Promote signed');

    expect(git(root, 'cat-file', 'commit', 'promote/unsigned')).not.toContain('gpgsig');
    expect(git(root, 'cat-file', 'commit', 'promote/signed')).toContain('gpgsig -----BEGIN PGP SIGNATURE-----');
  });

  it('refuses a commit that changes nothing, as git commit does, and creates no branch', async () => {
    const root = await gitRepository();
    const unchanged = inTemporaryWorktree('promote', root, 'HEAD', ['overlays'], (worktree) => worktree.commitToNewBranch('promote/nothing', ['overlays/live/images.yaml'], 'Promote nothing'));
    await expect(unchanged).rejects.toThrow('nothing to commit');
    expect(git(root, 'branch', '--list', 'promote/nothing')).toBe('');
  });

  it('commits below a --root inside the repository with the paths mapped there', async () => {
    const top = await gitRepository();
    mkdirSync(path.join(top, 'deploy'));
    git(top, 'mv', 'overlays', 'dist', 'deploy/');
    git(top, 'commit', '--quiet', '-m', 'move below deploy/');

    await commitInWorktree(path.join(top, 'deploy'), 'promote/below', 'Promote below');

    expect(git(top, 'diff', '--name-only', 'HEAD', 'promote/below')).toBe('deploy/overlays/live/images.yaml');
    expect(git(top, 'show', 'promote/below:deploy/overlays/live/images.yaml')).toBe('images: {}');
  });
});
