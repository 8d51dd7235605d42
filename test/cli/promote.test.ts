import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { renderAll } from '../../src/synth-pipeline';
import { checkoutState, copyOfTemplate, git, gitRepository, runCli, snapshot } from '../support/cli';
import { fixtureCatalog, fixtureRepository } from '../support/fixture-repository';
import { readTree } from '../support/repo';

const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;
const SHOP = 'registry.example.com/shopfront/shop';
const LEDGER = 'registry.example.com/shopfront/ledger';

function imagesOf(root: string, env: string): string {
  return readFileSync(path.join(root, 'overlays', env, 'images.yaml'), 'utf8');
}

/** A repository where dev runs new digests of shop and ledger, committed, so both can be promoted to qa. */
function repositoryWithNewDevImages(): Promise<string> {
  return copyOfTemplate('new-dev-images', async () => {
    const root = await gitRepository();
    for (const [app, image] of [['shop', `${SHOP}@${digest('1')}`], ['ledger', `${LEDGER}@${digest('2')}`]] as const) {
      const result = await runCli(setImageCommand, [app, '--env', 'dev', '--image', image, '--root', root]);
      if (result.code !== 0) throw new Error(`set-image ${app} failed: ${result.err}`);
    }
    git(root, 'commit', '--quiet', '--all', '-m', 'dev: new shop and ledger');
    return root;
  });
}

/** Expects the command to be refused with `message` and to leave overlays, dist and Git untouched. */
async function expectRefused(root: string, args: readonly string[], message: string): Promise<void> {
  const before = snapshot(root);
  const result = await runCli(promoteCommand, [...args, '--root', root]);
  expect(result.err).toContain(message);
  expect(result.err).toContain('Nothing was changed.');
  expect(result.code).toBe(1);
  expect(snapshot(root)).toEqual(before);
}

describe('npm run promote', () => {
  it('copies the digest from the previous environment, re-renders only that app and prints what changed', async () => {
    const root = await repositoryWithNewDevImages();
    const before = readTree(path.join(root, 'dist'));
    const stagingImages = imagesOf(root, 'qa');

    const result = await runCli(promoteCommand, ['shop', '--to', 'qa', '--root', root]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('qa: shop sha256:4f53cda18c2b -> sha256:111111111111 (from dev');
    expect(result.out).toContain(`- qa, Deployment shop/shop, container shop: ${SHOP} sha256:4f53cda18c2b -> sha256:111111111111`);
    expect(result.out).toContain('  - changed Deployment shop/shop: spec.template.spec.containers[shop].image');

    // One line of the overlay, one file of dist/.
    expect(imagesOf(root, 'qa')).toBe(stagingImages.replace(/(shop:\n\s+repository: .*\n\s+digest: )\S+/, `$1${digest('1')}`));
    const after = readTree(path.join(root, 'dist'));
    const changed = [...after.keys()].filter((file) => before.get(file) !== after.get(file));
    expect(changed).toEqual(['qa/qa/apps/shop/deployment-shop.yaml']);
    expect(after.get('qa/qa/apps/shop/deployment-shop.yaml')).toContain(`image: ${SHOP}@${digest('1')}`);
    // Without --git nothing is committed.
    expect(git(root, 'diff', '--name-only').split('\n')).toEqual(['dist/qa/qa/apps/shop/deployment-shop.yaml', 'overlays/qa/images.yaml']);
    expect(git(root, 'branch', '--show-current')).toBe('main');
  });

  describe('with --git', () => {
    /** An uncommitted edit to a tracked file, a staged new file and an untracked file: work in progress. */
    function startUnrelatedWork(root: string): void {
      writeFileSync(path.join(root, 'README.md'), 'the fixture repository\n');
      git(root, 'add', 'README.md');
      git(root, 'commit', '--quiet', '-m', 'readme');
      writeFileSync(path.join(root, 'README.md'), 'the fixture repository, being edited\n');
      writeFileSync(path.join(root, 'staged.txt'), 'staged\n');
      git(root, 'add', 'staged.txt');
      writeFileSync(path.join(root, 'untracked.txt'), 'untracked\n');
    }

    /** Files the branch changes against its parent, and how many commits it has on top of `base`. */
    function branchContent(root: string, branch: string, base: string): { commits: string; parent: string; files: string[] } {
      return {
        commits: git(root, 'rev-list', '--count', `${base}..${branch}`),
        parent: git(root, 'rev-parse', `${branch}^`),
        files: git(root, 'diff', '--name-only', `${branch}^`, branch).split('\n'),
      };
    }

    it('commits in a temporary worktree: branch promote/<app>-<env>-<short digest> with only the overlay and the app\'s dist files; the checkout is untouched', async () => {
      const root = await repositoryWithNewDevImages();
      startUnrelatedWork(root);
      const base = git(root, 'rev-parse', 'HEAD');
      const checkout = checkoutState(root);
      const trees = { overlays: readTree(path.join(root, 'overlays')), dist: readTree(path.join(root, 'dist')) };

      const result = await runCli(promoteCommand, ['ledger', '--to', 'qa', '--git', '--digest', digest('2'), '--root', root]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain(`Created branch promote/ledger-qa-222222222222 with commit ${git(root, 'rev-parse', 'promote/ledger-qa-222222222222').slice(0, 12)} on ${base.slice(0, 12)}`);
      expect(result.out).toContain('git push -u origin promote/ledger-qa-222222222222');

      // HEAD, branch, index, working tree (the unrelated work too) and worktrees: as before.
      expect(checkoutState(root)).toEqual(checkout);
      expect({ overlays: readTree(path.join(root, 'overlays')), dist: readTree(path.join(root, 'dist')) }).toEqual(trees);
      expect(readFileSync(path.join(root, 'untracked.txt'), 'utf8')).toBe('untracked\n');

      expect(branchContent(root, 'promote/ledger-qa-222222222222', base)).toEqual({
        commits: '1',
        parent: base,
        files: ['dist/qa/qa/apps/ledger/deployment-ledger.yaml', 'overlays/qa/images.yaml'],
      });
      expect(git(root, 'show', 'promote/ledger-qa-222222222222:overlays/qa/images.yaml')).toContain(`digest: ${digest('2')}`);
      const message = git(root, 'log', '-1', '--format=%B', 'promote/ledger-qa-222222222222');
      expect(message.split('\n')[0]).toBe('Promote ledger dev -> qa: sha256:222222222222');
      expect(message).toContain(`image:    ${LEDGER}`);
      expect(message).toContain(`digest:   ${digest('2')}`);
      expect(message).toContain('replaces: sha256:ec80c7b7b9fba2b72ce8ba6e630ffce11ba0d94c78ed1cfd76651618be3c5530');
      expect(message).not.toContain('break-glass');
    });

    it('starts from --base: the image the previous environment runs there, on top of that commit', async () => {
      const root = await repositoryWithNewDevImages();
      const base = git(root, 'rev-parse', 'HEAD');
      expect((await runCli(setImageCommand, ['shop', '--image', `${SHOP}@${digest('3')}`, '--root', root])).code).toBe(0);
      git(root, 'commit', '--quiet', '--all', '-m', 'dev: newer shop');

      const result = await runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--base', base, '--root', root]);
      expect(result.code).toBe(0);
      expect(branchContent(root, 'promote/shop-qa-111111111111', base)).toEqual({
        commits: '1',
        parent: base,
        files: ['dist/qa/qa/apps/shop/deployment-shop.yaml', 'overlays/qa/images.yaml'],
      });
      // Without --base it is HEAD, where dev runs the newer digest.
      expect((await runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root])).code).toBe(0);
      expect(git(root, 'rev-parse', 'promote/shop-qa-333333333333^')).toBe(git(root, 'rev-parse', 'HEAD'));
    });

    it('notes uncommitted overlay changes, which are not part of the promotion', async () => {
      const root = await repositoryWithNewDevImages();
      expect((await runCli(setImageCommand, ['shop', '--image', `${SHOP}@${digest('3')}`, '--root', root])).code).toBe(0);
      const result = await runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root]);
      expect(result.code).toBe(0);
      expect(result.err).toBe(`note: 1 uncommitted change(s) in overlays/ (e.g. 'overlays/dev/images.yaml') are not part of this; it starts from HEAD (${git(root, 'rev-parse', 'HEAD').slice(0, 12)})`);
      expect(git(root, 'branch', '--list', 'promote/*')).toBe('promote/shop-qa-111111111111');
    });

    it('runs promotions of different apps at the same time, each branch holding exactly its own files', async () => {
      const root = await repositoryWithNewDevImages();
      const base = git(root, 'rev-parse', 'HEAD');
      const checkout = checkoutState(root);
      const [shop, ledger] = await Promise.all([
        runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root]),
        runCli(promoteCommand, ['ledger', '--to', 'qa', '--git', '--root', root]),
      ]);
      // They take turns at the repository's writer lock; the one that waits says so, nothing else.
      expect([shop.code, ledger.code]).toEqual([0, 0]);
      for (const { err } of [shop, ledger]) expect(err.split('\n').filter((line) => line !== '' && !line.startsWith('promote: waiting for the writer lock'))).toEqual([]);
      expect(branchContent(root, 'promote/shop-qa-111111111111', base)).toEqual({ commits: '1', parent: base, files: ['dist/qa/qa/apps/shop/deployment-shop.yaml', 'overlays/qa/images.yaml'] });
      expect(branchContent(root, 'promote/ledger-qa-222222222222', base)).toEqual({ commits: '1', parent: base, files: ['dist/qa/qa/apps/ledger/deployment-ledger.yaml', 'overlays/qa/images.yaml'] });
      // Each overlay changes only its own app.
      expect(git(root, 'diff', '--unified=0', base, 'promote/shop-qa-111111111111', '--', 'overlays').split('\n').filter((line) => /^[-+] /.test(line))).toEqual([
        `-    digest: sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945`,
        `+    digest: ${digest('1')}`,
      ]);
      expect(git(root, 'diff', '--unified=0', base, 'promote/ledger-qa-222222222222', '--', 'overlays').split('\n').filter((line) => /^[-+] /.test(line))).toEqual([
        `-    digest: sha256:ec80c7b7b9fba2b72ce8ba6e630ffce11ba0d94c78ed1cfd76651618be3c5530`,
        `+    digest: ${digest('2')}`,
      ]);
      expect(checkoutState(root)).toEqual(checkout);
    });

    it('of two identical promotions at the same time, one creates the branch and the other is refused, leaving no worktree', async () => {
      const root = await repositoryWithNewDevImages();
      const base = git(root, 'rev-parse', 'HEAD');
      const checkout = checkoutState(root);
      const results = await Promise.all([1, 2].map(() => runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root])));
      expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
      const refused = results.find((r) => r.code === 1)!;
      expect(refused.err).toMatch(/^promote refused: branch promote\/shop-qa-111111111111 already exists/m);
      expect(refused.err).toContain('Nothing was changed.');
      expect(git(root, 'branch', '--list', 'promote/*')).toBe('promote/shop-qa-111111111111');
      expect(branchContent(root, 'promote/shop-qa-111111111111', base)).toEqual({ commits: '1', parent: base, files: ['dist/qa/qa/apps/shop/deployment-shop.yaml', 'overlays/qa/images.yaml'] });
      expect(checkoutState(root)).toEqual(checkout);
    });

    it('promotions of two apps to the same environment on two branches merge without conflict, and the merge equals a fresh synth', async () => {
      const root = await repositoryWithNewDevImages();
      expect((await runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root])).code).toBe(0);
      expect((await runCli(promoteCommand, ['ledger', '--to', 'qa', '--git', '--root', root])).code).toBe(0);

      git(root, 'merge', '--quiet', '--no-edit', 'promote/shop-qa-111111111111');
      // A real three-way merge: main has moved on since the ledger branch was cut from the same base.
      git(root, 'merge', '--quiet', '--no-edit', 'promote/ledger-qa-222222222222');
      expect(git(root, 'status', '--porcelain')).toBe('');
      expect(git(root, 'rev-list', '--count', '--merges', 'HEAD')).toBe('1');

      const images = imagesOf(root, 'qa');
      expect(images).toContain(`digest: ${digest('1')}`);
      expect(images).toContain(`digest: ${digest('2')}`);
      const { rendered } = await renderAll({ root, catalog: fixtureCatalog });
      const fresh = new Map(rendered.flatMap((env) => [...env.files].map(([file, text]) => [`${env.name}/${file}`, text] as const)));
      expect(readTree(path.join(root, 'dist'))).toEqual(new Map([...fresh].sort(([a], [b]) => (a < b ? -1 : 1))));
    });

    it("removes a killed run's leftover worktree, and keeps those of runs still going", async () => {
      const root = await repositoryWithNewDevImages();
      const exited = spawnSync(process.execPath, ['-e', '']).pid!;
      const abandoned = mkdtempSync(path.join(tmpdir(), 'abandoned-'));
      const running = mkdtempSync(path.join(tmpdir(), 'running-'));
      git(root, 'worktree', 'add', '--quiet', '--detach', '--lock', '--reason', `gitops-platform promote (pid ${exited} on ${hostname()})`, abandoned);
      git(root, 'worktree', 'add', '--quiet', '--detach', '--lock', '--reason', `gitops-platform promote (pid ${process.pid} on ${hostname()})`, running);

      expect((await runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root])).code).toBe(0);
      const worktrees = git(root, 'worktree', 'list', '--porcelain');
      expect(worktrees).not.toContain(abandoned);
      expect(existsSync(abandoned)).toBe(false);
      expect(worktrees).toContain(running);
    });
  });

  describe('refusals (nothing changed)', () => {
    it('fails when --digest is a tag', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'qa', '--digest', '1.4.2'], "promote refused: '1.4.2' looks like a tag, not a digest");
    });

    it('fails when --digest is malformed', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'qa', '--digest', 'sha256:1234'], "malformed digest 'sha256:1234'");
    });

    it('fails when promoting a digest the previous environment does not run', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'qa', '--digest', digest('9')], 'dev does not run shop@sha256:999999999999 (it runs sha256:111111111111); only what dev runs can be promoted to qa');
    });

    it('fails when skipping an environment (dev -> live)', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--from', 'dev', '--to', 'live'], 'cannot promote from dev to live: that skips qa; promotion follows dev -> qa -> live, so live takes images from qa');
    });

    it('fails when promoting into the first environment', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'dev'], 'dev is the first environment of the chain (dev -> qa -> live); images enter it with npm run set-image');
    });

    it('fails on an unknown app', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['orders', '--to', 'qa'], "unknown app 'orders', expected one of: ledger, settle, shop (charts/apps/)");
    });

    it('fails on an unknown environment', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'uat'], "unknown environment 'uat', expected one of: dev, qa, live (overlays/environments.yaml)");
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--from', 'uat', '--to', 'qa'], "unknown environment 'uat'");
    });

    it('fails with --git when --base is not a commit', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'qa', '--git', '--base', 'no-such-branch'], "--base 'no-such-branch' is not a commit in");
    });

    it('fails with usage help when --base is given without --git', async () => {
      const root = await fixtureRepository();
      const before = snapshot(root);
      const result = await runCli(promoteCommand, ['shop', '--to', 'qa', '--base', 'HEAD', '--root', root]);
      expect(result.code).toBe(2);
      expect(result.err).toContain('promote: --base only applies with --git');
      expect(snapshot(root)).toEqual(before);
    });

    it('fails with --git outside a Git repository', async () => {
      await expectRefused(await fixtureRepository(), ['shop', '--to', 'qa', '--git'], '--git needs a Git repository, but');
    });

    it('fails with --git when the promotion branch already exists', async () => {
      const root = await repositoryWithNewDevImages();
      git(root, 'branch', 'promote/shop-qa-111111111111');
      await expectRefused(root, ['shop', '--to', 'qa', '--git'], 'branch promote/shop-qa-111111111111 already exists');
    });

    it('fails with --git when the app\'s files in dist/<env> are not current, so the commit would carry unrelated changes', async () => {
      // Only the app's folders can enter the commit, so only they are checked (a stale file of
      // another app is not: test/cli/app-folders-current.test.ts).
      const root = await repositoryWithNewDevImages();
      writeFileSync(path.join(root, 'dist/qa/qa/apps/shop/service-shop.yaml'), 'edited: by hand\n');
      git(root, 'commit', '--quiet', '--all', '-m', 'hand edit');
      await expectRefused(root, ['shop', '--to', 'qa', '--git'], 'dist/qa/ is not current (1 file(s) differ from a fresh render, e.g. qa/qa/apps/shop/service-shop.yaml); run npm run synth');
    });
  });

  it('prints that there is nothing to promote when the environment already runs the image', async () => {
    const root = await gitRepository();
    const before = snapshot(root);
    const result = await runCli(promoteCommand, ['settle', '--to', 'qa', '--git', '--root', root]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('qa: settle already runs registry.example.com/settlement/settle@sha256:13029f9e83d1');
    expect(snapshot(root)).toEqual(before);
  });
});
