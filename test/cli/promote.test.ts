import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { renderAll } from '../../src/synth-pipeline';
import { git, gitRepository, runCli, snapshot } from '../support/cli';
import { readTree } from '../support/repo';

const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;
const WEB = 'registry.example.com/storefront/web';
const API = 'registry.example.com/storefront/api';

function imagesOf(root: string, env: string): string {
  return readFileSync(path.join(root, 'overlays', env, 'images.yaml'), 'utf8');
}

/** A repository where dev runs new digests of web and api, committed, so both can be promoted to staging. */
async function repositoryWithNewDevImages(): Promise<string> {
  const root = gitRepository();
  expect((await runCli(setImageCommand, ['web', '--env', 'dev', '--image', `${WEB}@${digest('1')}`, '--root', root])).code).toBe(0);
  expect((await runCli(setImageCommand, ['api', '--env', 'dev', '--image', `${API}@${digest('2')}`, '--root', root])).code).toBe(0);
  git(root, 'commit', '--quiet', '--all', '-m', 'dev: new web and api');
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
    const stagingImages = imagesOf(root, 'staging');

    const result = await runCli(promoteCommand, ['web', '--to', 'staging', '--root', root]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('staging: web sha256:4f53cda18c2b -> sha256:111111111111 (from dev');
    expect(result.out).toContain(`- staging, Deployment web/web, container web: ${WEB} sha256:4f53cda18c2b -> sha256:111111111111`);
    expect(result.out).toContain('  - changed Deployment web/web: spec.template.spec.containers[web].image');

    // One line of the overlay, one file of dist/.
    expect(imagesOf(root, 'staging')).toBe(stagingImages.replace(/(web:\n\s+repository: .*\n\s+digest: )\S+/, `$1${digest('1')}`));
    const after = readTree(path.join(root, 'dist'));
    const changed = [...after.keys()].filter((file) => before.get(file) !== after.get(file));
    expect(changed).toEqual(['staging/apps/web/deployment-web.yaml']);
    expect(after.get('staging/apps/web/deployment-web.yaml')).toContain(`image: ${WEB}@${digest('1')}`);
    // Without --git nothing is committed.
    expect(git(root, 'diff', '--name-only').split('\n')).toEqual(['dist/staging/apps/web/deployment-web.yaml', 'overlays/staging/images.yaml']);
    expect(git(root, 'branch', '--show-current')).toBe('main');
  });

  it('with --git creates promote/<app>-<env>-<short digest> holding one commit with only the overlay and that app\'s dist files', async () => {
    const root = await repositoryWithNewDevImages();
    const base = git(root, 'rev-parse', 'HEAD');
    const result = await runCli(promoteCommand, ['api', '--to', 'staging', '--git', '--digest', digest('2'), '--root', root]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(git(root, 'branch', '--show-current')).toBe('promote/api-staging-222222222222');
    expect(git(root, 'rev-list', '--count', `${base}..HEAD`)).toBe('1');
    expect(git(root, 'diff', '--name-only', base, 'HEAD').split('\n')).toEqual(['dist/staging/apps/api/deployment-api.yaml', 'overlays/staging/images.yaml']);
    expect(git(root, 'status', '--porcelain')).toBe('');
    const message = git(root, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe('Promote api dev -> staging: sha256:222222222222');
    expect(message).toContain(`image:    ${API}`);
    expect(message).toContain(`digest:   ${digest('2')}`);
    expect(message).toContain('replaces: sha256:ec80c7b7b9fba2b72ce8ba6e630ffce11ba0d94c78ed1cfd76651618be3c5530');
    expect(result.out).toContain('git push -u origin promote/api-staging-222222222222');
  });

  it('promotions of two apps to the same environment on two branches merge without conflict, and the merge equals a fresh synth', async () => {
    const root = await repositoryWithNewDevImages();
    expect((await runCli(promoteCommand, ['web', '--to', 'staging', '--git', '--root', root])).code).toBe(0);
    git(root, 'switch', '--quiet', 'main');
    expect((await runCli(promoteCommand, ['api', '--to', 'staging', '--git', '--root', root])).code).toBe(0);
    git(root, 'switch', '--quiet', 'main');

    git(root, 'merge', '--quiet', '--no-edit', 'promote/web-staging-111111111111');
    // A real three-way merge: main has moved on since the api branch was cut from the same base.
    git(root, 'merge', '--quiet', '--no-edit', 'promote/api-staging-222222222222');
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(git(root, 'rev-list', '--count', '--merges', 'HEAD')).toBe('1');

    const images = imagesOf(root, 'staging');
    expect(images).toContain(`digest: ${digest('1')}`);
    expect(images).toContain(`digest: ${digest('2')}`);
    const { rendered } = await renderAll({ root });
    const fresh = new Map(rendered.flatMap((env) => [...env.files].map(([file, text]) => [`${env.name}/${file}`, text] as const)));
    expect(readTree(path.join(root, 'dist'))).toEqual(new Map([...fresh].sort(([a], [b]) => (a < b ? -1 : 1))));
  });

  describe('refusals (nothing changed)', () => {
    it('fails when --digest is a tag', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--to', 'staging', '--digest', '1.4.2'], "promote refused: '1.4.2' looks like a tag, not a digest");
    });

    it('fails when --digest is malformed', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--to', 'staging', '--digest', 'sha256:1234'], "malformed digest 'sha256:1234'");
    });

    it('fails when promoting a digest the previous environment does not run', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--to', 'staging', '--digest', digest('9')], 'dev does not run web@sha256:999999999999 (it runs sha256:111111111111); only what dev runs can be promoted to staging');
    });

    it('fails when skipping an environment (dev -> prod)', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--from', 'dev', '--to', 'prod'], 'cannot promote from dev to prod: that skips staging; promotion follows dev -> staging -> prod, so prod takes images from staging');
    });

    it('fails when promoting into the first environment', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--to', 'dev'], 'dev is the first environment of the chain (dev -> staging -> prod); images enter it with npm run set-image');
    });

    it('fails on an unknown app', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['shop', '--to', 'staging'], "unknown app 'shop', expected one of: api, web, worker (charts/apps/)");
    });

    it('fails on an unknown environment', async () => {
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--to', 'qa'], "unknown environment 'qa', expected one of: dev, staging, prod (overlays/environments.yaml)");
      await expectRefused(await repositoryWithNewDevImages(), ['web', '--from', 'qa', '--to', 'staging'], "unknown environment 'qa'");
    });

    it('fails with --git on a dirty working tree', async () => {
      const root = await repositoryWithNewDevImages();
      writeFileSync(path.join(root, 'notes.txt'), 'work in progress\n');
      await expectRefused(root, ['web', '--to', 'staging', '--git'], "the working tree is not clean (1 path(s), e.g. 'notes.txt'); commit or stash first");
    });

    it('fails with --git when the promotion branch already exists', async () => {
      const root = await repositoryWithNewDevImages();
      git(root, 'branch', 'promote/web-staging-111111111111');
      await expectRefused(root, ['web', '--to', 'staging', '--git'], 'branch promote/web-staging-111111111111 already exists');
    });

    it('fails with --git when dist/<env> is not current, so the commit would carry unrelated changes', async () => {
      const root = await repositoryWithNewDevImages();
      writeFileSync(path.join(root, 'dist/staging/apps/worker/service-worker.yaml'), 'edited: by hand\n');
      git(root, 'commit', '--quiet', '--all', '-m', 'hand edit');
      await expectRefused(root, ['web', '--to', 'staging', '--git'], 'dist/staging/ is not current (1 file(s) differ from a fresh render, e.g. staging/apps/worker/service-worker.yaml); run npm run synth');
    });
  });

  it('prints that there is nothing to promote when the environment already runs the image', async () => {
    const root = gitRepository();
    const before = snapshot(root);
    const result = await runCli(promoteCommand, ['worker', '--to', 'staging', '--git', '--root', root]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('staging: worker already runs registry.example.com/payments/worker@sha256:13029f9e83d1');
    expect(snapshot(root)).toEqual(before);
  });
});
