import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { renderAll } from '../../src/synth-pipeline';
import { git, gitRepository, runCli, snapshot } from '../support/cli';
import { fixtureCatalog } from '../support/fixture-repository';
import { readTree } from '../support/repo';

const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;
const SHOP = 'registry.example.com/shopfront/shop';
const LEDGER = 'registry.example.com/shopfront/ledger';

function imagesOf(root: string, env: string): string {
  return readFileSync(path.join(root, 'overlays', env, 'images.yaml'), 'utf8');
}

/** A repository where dev runs new digests of shop and ledger, committed, so both can be promoted to qa. */
async function repositoryWithNewDevImages(): Promise<string> {
  const root = await gitRepository();
  expect((await runCli(setImageCommand, ['shop', '--env', 'dev', '--image', `${SHOP}@${digest('1')}`, '--root', root])).code).toBe(0);
  expect((await runCli(setImageCommand, ['ledger', '--env', 'dev', '--image', `${LEDGER}@${digest('2')}`, '--root', root])).code).toBe(0);
  git(root, 'commit', '--quiet', '--all', '-m', 'dev: new shop and ledger');
  return root;
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
    expect(changed).toEqual(['qa/apps/shop/deployment-shop.yaml']);
    expect(after.get('qa/apps/shop/deployment-shop.yaml')).toContain(`image: ${SHOP}@${digest('1')}`);
    // Without --git nothing is committed.
    expect(git(root, 'diff', '--name-only').split('\n')).toEqual(['dist/qa/apps/shop/deployment-shop.yaml', 'overlays/qa/images.yaml']);
    expect(git(root, 'branch', '--show-current')).toBe('main');
  });

  it('with --git creates promote/<app>-<env>-<short digest> holding one commit with only the overlay and that app\'s dist files', async () => {
    const root = await repositoryWithNewDevImages();
    const base = git(root, 'rev-parse', 'HEAD');
    const result = await runCli(promoteCommand, ['ledger', '--to', 'qa', '--git', '--digest', digest('2'), '--root', root]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(git(root, 'branch', '--show-current')).toBe('promote/ledger-qa-222222222222');
    expect(git(root, 'rev-list', '--count', `${base}..HEAD`)).toBe('1');
    expect(git(root, 'diff', '--name-only', base, 'HEAD').split('\n')).toEqual(['dist/qa/apps/ledger/deployment-ledger.yaml', 'overlays/qa/images.yaml']);
    expect(git(root, 'status', '--porcelain')).toBe('');
    const message = git(root, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe('Promote ledger dev -> qa: sha256:222222222222');
    expect(message).toContain(`image:    ${LEDGER}`);
    expect(message).toContain(`digest:   ${digest('2')}`);
    expect(message).toContain('replaces: sha256:ec80c7b7b9fba2b72ce8ba6e630ffce11ba0d94c78ed1cfd76651618be3c5530');
    expect(result.out).toContain('git push -u origin promote/ledger-qa-222222222222');
  });

  it('promotions of two apps to the same environment on two branches merge without conflict, and the merge equals a fresh synth', async () => {
    const root = await repositoryWithNewDevImages();
    expect((await runCli(promoteCommand, ['shop', '--to', 'qa', '--git', '--root', root])).code).toBe(0);
    git(root, 'switch', '--quiet', 'main');
    expect((await runCli(promoteCommand, ['ledger', '--to', 'qa', '--git', '--root', root])).code).toBe(0);
    git(root, 'switch', '--quiet', 'main');

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

    it('fails with --git on a dirty working tree', async () => {
      const root = await repositoryWithNewDevImages();
      writeFileSync(path.join(root, 'notes.txt'), 'work in progress\n');
      await expectRefused(root, ['shop', '--to', 'qa', '--git'], "the working tree is not clean (1 path(s), e.g. 'notes.txt'); commit or stash first");
    });

    it('fails with --git when the promotion branch already exists', async () => {
      const root = await repositoryWithNewDevImages();
      git(root, 'branch', 'promote/shop-qa-111111111111');
      await expectRefused(root, ['shop', '--to', 'qa', '--git'], 'branch promote/shop-qa-111111111111 already exists');
    });

    it('fails with --git when dist/<env> is not current, so the commit would carry unrelated changes', async () => {
      const root = await repositoryWithNewDevImages();
      writeFileSync(path.join(root, 'dist/qa/apps/settle/service-settle.yaml'), 'edited: by hand\n');
      git(root, 'commit', '--quiet', '--all', '-m', 'hand edit');
      await expectRefused(root, ['shop', '--to', 'qa', '--git'], 'dist/qa/ is not current (1 file(s) differ from a fresh render, e.g. qa/apps/settle/service-settle.yaml); run npm run synth');
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
