import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../../src/cli/diff';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { statusCommand } from '../../src/cli/status';
import { synth } from '../../src/synth-pipeline';
import { git, gitRepository, runCli } from '../support/cli';
import { fixtureCatalog, fixtureRepository } from '../support/fixture-repository';

const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;

function writeImages(root: string, env: string, images: Record<string, [string, string]>): void {
  const lines = ['# written by the test', 'images:'];
  for (const [app, [repository, hex]] of Object.entries(images)) lines.push(`  ${app}:`, `    repository: ${repository}`, `    digest: ${digest(hex)}`);
  writeFileSync(path.join(root, 'overlays', env, 'images.yaml'), `${lines.join('\n')}\n`);
}

describe('npm run status', () => {
  it('prints apps x environments with short digests, marking environments behind the previous one', async () => {
    const root = await fixtureRepository();
    const ledger = 'registry.example.com/shopfront/ledger';
    const shop = 'registry.example.com/shopfront/shop';
    const settle = 'registry.example.com/settlement/settle';
    writeImages(root, 'dev', { ledger: [ledger, 'a2'], shop: [shop, 'b3'], settle: [settle, 'c1'] });
    writeImages(root, 'qa', { ledger: [ledger, 'a2'], shop: [shop, 'b2'], settle: [settle, 'c1'] });
    // live's settle has the same digest under another repository: still behind.
    writeImages(root, 'live', { ledger: [ledger, 'a1'], shop: [shop, 'b2'], settle: ['registry.example.com/settlement/old-settle', 'c1'] });

    const result = await runCli(statusCommand, ['--root', root]);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        'APP     DEV                  QA                     LIVE',
        'ledger  sha256:a2a2a2a2a2a2  sha256:a2a2a2a2a2a2    sha256:a1a1a1a1a1a1 *',
        'settle  sha256:c1c1c1c1c1c1  sha256:c1c1c1c1c1c1    sha256:c1c1c1c1c1c1 *',
        'shop    sha256:b3b3b3b3b3b3  sha256:b2b2b2b2b2b2 *  sha256:b2b2b2b2b2b2',
        '',
        '* behind the previous environment. Pending promotions:',
        '  npm run promote -- ledger --to live',
        '  npm run promote -- settle --to live',
        '  npm run promote -- shop --to qa',
      ].join('\n'),
    );

    const json = JSON.parse((await runCli(statusCommand, ['--json', '--root', root])).out) as { apps: Record<string, Record<string, { digest: string; behind: boolean }>> };
    expect(json.apps['shop']!['qa']).toEqual({ repository: shop, digest: digest('b2'), behind: true, breakGlass: null });
    expect(json.apps['shop']!['live']!.behind).toBe(false);
  });

  it('marks images set by break-glass with ! and lists their reasons', async () => {
    const root = await fixtureRepository();
    const ledger = 'registry.example.com/shopfront/ledger';
    const set = await runCli(setImageCommand, ['ledger', '--env', 'live', '--image', `${ledger}@${digest('d')}`, '--break-glass', 'CVE-2026-1234 hotfix', '--root', root]);
    expect(set.code).toBe(0);

    const result = await runCli(statusCommand, ['--root', root]);
    expect(result.out).toBe(
      [
        'APP     DEV                  QA                     LIVE',
        'ledger  sha256:ec80c7b7b9fb  sha256:ec80c7b7b9fb    sha256:dddddddddddd ! *',
        'settle  sha256:13029f9e83d1  sha256:13029f9e83d1    sha256:13029f9e83d1',
        'shop    sha256:612f7a0edd33  sha256:4f53cda18c2b *  sha256:4f53cda18c2b',
        '',
        '! set by break-glass, not by promotion:',
        '  ledger in live: CVE-2026-1234 hotfix',
        '',
        '* behind the previous environment. Pending promotions:',
        '  npm run promote -- ledger --to live',
        '  npm run promote -- shop --to qa',
      ].join('\n'),
    );
    const json = JSON.parse((await runCli(statusCommand, ['--json', '--root', root])).out) as { apps: Record<string, Record<string, { breakGlass: string | null }>> };
    expect(json.apps['ledger']!['live']!.breakGlass).toBe('CVE-2026-1234 hotfix');
    expect(json.apps['ledger']!['qa']!.breakGlass).toBeNull();
  });

  it('says nothing is pending when every environment runs what the previous one runs', async () => {
    const root = await fixtureRepository();
    for (const env of ['dev', 'qa', 'live']) writeImages(root, env, { ledger: ['registry.example.com/shopfront/ledger', '1'], shop: ['registry.example.com/shopfront/shop', '2'], settle: ['registry.example.com/settlement/settle', '3'] });
    const result = await runCli(statusCommand, ['--root', root]);
    expect(result.out).not.toContain('*');
    expect(result.out.split('\n').at(-1)).toBe('Every environment runs what the one before it runs; nothing is pending.');
  });
});

describe('npm run diff', () => {
  /** main: the repository; then a commit that changes scaling; then an uncommitted promotion. */
  async function knownHistory(): Promise<{ root: string; base: string }> {
    const root = await gitRepository();
    const base = git(root, 'rev-parse', 'HEAD');
    writeFileSync(path.join(root, 'overlays/qa/apps.yaml'), 'apps:\n  ledger:\n    autoscaling: {minReplicas: 2, maxReplicas: 4}\n    egress: [{cidr: 10.20.20.0/24, port: 5432}]\n  shop:\n    autoscaling: {minReplicas: 2, maxReplicas: 4}\n  settle:\n    replicas: 2\n');
    writeFileSync(path.join(root, 'overlays/live/apps.yaml'), 'apps:\n  ledger:\n    autoscaling: {minReplicas: 3, maxReplicas: 8}\n    egress: [{cidr: 10.30.20.0/24, port: 5432}]\n  shop:\n    replicas: 3\n  settle:\n    replicas: 2\n');
    await synth({ root, catalog: fixtureCatalog });
    git(root, 'add', '--all');
    git(root, 'commit', '--quiet', '-m', 'scale shop by HPA in qa, fixed in live');
    expect((await runCli(promoteCommand, ['shop', '--to', 'qa', '--root', root])).code).toBe(0);
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
        '- qa, Deployment shop/shop, container shop: registry.example.com/shopfront/shop sha256:4f53cda18c2b -> sha256:612f7a0edd33',
        '',
        '### dev',
        'No changes.',
        '',
        '### qa',
        '- apps/shop: 1 added, 1 changed, 0 removed',
        '  - changed Deployment shop/shop: spec.replicas, spec.template.spec.containers[shop].image',
        '  - added HorizontalPodAutoscaler shop/shop',
        '',
        '### live',
        '- apps/shop: 0 added, 1 changed, 1 removed',
        '  - changed Deployment shop/shop: spec.replicas',
        '  - removed HorizontalPodAutoscaler shop/shop',
        '',
        'Total: 1 added, 2 changed, 1 removed.',
      ].join('\n'),
    );
  });

  it('against HEAD shows only the uncommitted promotion', async () => {
    const { root } = await knownHistory();
    const result = await runCli(diffCommand, ['--base', 'HEAD', '--root', root]);
    expect(result.out).toContain('- qa, Deployment shop/shop, container shop: registry.example.com/shopfront/shop sha256:4f53cda18c2b -> sha256:612f7a0edd33');
    expect(result.out).toContain('  - changed Deployment shop/shop: spec.template.spec.containers[shop].image');
    expect(result.out.split('\n').at(-1)).toBe('Total: 0 added, 1 changed, 0 removed.');
  });

  it('fails when the base is not a commit', async () => {
    const root = await gitRepository();
    const result = await runCli(diffCommand, ['--base', 'no-such-branch', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("diff refused: 'no-such-branch' is not a commit");
  });
});
