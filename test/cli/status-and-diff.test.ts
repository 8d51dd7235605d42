import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../../src/cli/diff';
import { promoteCommand } from '../../src/cli/promote';
import { statusCommand } from '../../src/cli/status';
import { synth } from '../../src/synth-pipeline';
import { git, gitRepository, runCli } from '../support/cli';
import { scratchRepository } from '../support/repo';

const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;

function writeImages(root: string, env: string, images: Record<string, [string, string]>): void {
  const lines = ['# written by the test', 'images:'];
  for (const [app, [repository, hex]] of Object.entries(images)) lines.push(`  ${app}:`, `    repository: ${repository}`, `    digest: ${digest(hex)}`);
  writeFileSync(path.join(root, 'overlays', env, 'images.yaml'), `${lines.join('\n')}\n`);
}

describe('npm run status', () => {
  it('prints apps x environments with short digests, marking environments behind the previous one', async () => {
    const root = scratchRepository();
    const api = 'registry.example.com/storefront/api';
    const web = 'registry.example.com/storefront/web';
    const worker = 'registry.example.com/payments/worker';
    writeImages(root, 'dev', { api: [api, 'a2'], web: [web, 'b3'], worker: [worker, 'c1'] });
    writeImages(root, 'staging', { api: [api, 'a2'], web: [web, 'b2'], worker: [worker, 'c1'] });
    // prod's worker has the same digest under another repository: still behind.
    writeImages(root, 'prod', { api: [api, 'a1'], web: [web, 'b2'], worker: ['registry.example.com/payments/old-worker', 'c1'] });

    const result = await runCli(statusCommand, ['--root', root]);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        'APP     DEV                  STAGING                PROD',
        'api     sha256:a2a2a2a2a2a2  sha256:a2a2a2a2a2a2    sha256:a1a1a1a1a1a1 *',
        'web     sha256:b3b3b3b3b3b3  sha256:b2b2b2b2b2b2 *  sha256:b2b2b2b2b2b2',
        'worker  sha256:c1c1c1c1c1c1  sha256:c1c1c1c1c1c1    sha256:c1c1c1c1c1c1 *',
        '',
        '* behind the previous environment. Pending promotions:',
        '  npm run promote -- api --to prod',
        '  npm run promote -- web --to staging',
        '  npm run promote -- worker --to prod',
      ].join('\n'),
    );

    const json = JSON.parse((await runCli(statusCommand, ['--json', '--root', root])).out) as { apps: Record<string, Record<string, { digest: string; behind: boolean }>> };
    expect(json.apps['web']!['staging']).toEqual({ repository: web, digest: digest('b2'), behind: true });
    expect(json.apps['web']!['prod']!.behind).toBe(false);
  });

  it('says nothing is pending when every environment runs what the previous one runs', async () => {
    const root = scratchRepository();
    for (const env of ['dev', 'staging', 'prod']) writeImages(root, env, { api: ['registry.example.com/storefront/api', '1'], web: ['registry.example.com/storefront/web', '2'], worker: ['registry.example.com/payments/worker', '3'] });
    const result = await runCli(statusCommand, ['--root', root]);
    expect(result.out).not.toContain('*');
    expect(result.out.split('\n').at(-1)).toBe('Every environment runs what the one before it runs; nothing is pending.');
  });
});

describe('npm run diff', () => {
  /** main: the repository; then a commit that changes scaling; then an uncommitted promotion. */
  async function knownHistory(): Promise<{ root: string; base: string }> {
    const root = gitRepository();
    const base = git(root, 'rev-parse', 'HEAD');
    writeFileSync(path.join(root, 'overlays/staging/apps.yaml'), 'apps:\n  api:\n    autoscaling: {minReplicas: 2, maxReplicas: 4}\n    egress: [{cidr: 10.20.20.0/24, port: 5432}]\n  web:\n    autoscaling: {minReplicas: 2, maxReplicas: 4}\n  worker:\n    replicas: 2\n');
    writeFileSync(path.join(root, 'overlays/prod/apps.yaml'), 'apps:\n  api:\n    autoscaling: {minReplicas: 3, maxReplicas: 8}\n    egress: [{cidr: 10.30.20.0/24, port: 5432}]\n  web:\n    replicas: 3\n  worker:\n    replicas: 2\n');
    await synth({ root });
    git(root, 'add', '--all');
    git(root, 'commit', '--quiet', '-m', 'scale web by HPA in staging, fixed in prod');
    expect((await runCli(promoteCommand, ['web', '--to', 'staging', '--root', root])).code).toBe(0);
    return { root, base };
  }

  it('lists digests moved and objects added, changed and removed per environment and Application', async () => {
    const { root, base } = await knownHistory();
    const result = await runCli(diffCommand, ['--base', base, '--root', root]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        `## Rendered changes against ${base} (${base.slice(0, 12)})`,
        '',
        'Digests moved:',
        '- staging, Deployment web/web, container web: registry.example.com/storefront/web sha256:4f53cda18c2b -> sha256:612f7a0edd33',
        '',
        '### dev',
        'No changes.',
        '',
        '### staging',
        '- apps/web: 1 added, 1 changed, 0 removed',
        '  - changed Deployment web/web: spec.replicas, spec.template.spec.containers[web].image',
        '  - added HorizontalPodAutoscaler web/web',
        '',
        '### prod',
        '- apps/web: 0 added, 1 changed, 1 removed',
        '  - changed Deployment web/web: spec.replicas',
        '  - removed HorizontalPodAutoscaler web/web',
        '',
        'Total: 1 added, 2 changed, 1 removed.',
      ].join('\n'),
    );
  });

  it('against HEAD shows only the uncommitted promotion', async () => {
    const { root } = await knownHistory();
    const result = await runCli(diffCommand, ['--base', 'HEAD', '--root', root]);
    expect(result.out).toContain('- staging, Deployment web/web, container web: registry.example.com/storefront/web sha256:4f53cda18c2b -> sha256:612f7a0edd33');
    expect(result.out).toContain('  - changed Deployment web/web: spec.template.spec.containers[web].image');
    expect(result.out.split('\n').at(-1)).toBe('Total: 0 added, 1 changed, 0 removed.');
  });

  it('fails when the base is not a commit', async () => {
    const root = gitRepository();
    const result = await runCli(diffCommand, ['--base', 'no-such-branch', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("diff refused: 'no-such-branch' is not a commit");
  });
});
