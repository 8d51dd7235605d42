import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../../src/cli/diff';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { statusCommand } from '../../src/cli/status';
import { renderAll, synth } from '../../src/synth-pipeline';
import { copyOfTemplate, fleetGitRepository, git, runCli, snapshot } from '../support/cli';
import { fixtureCatalog } from '../support/fixture-repository';
import { fleetRepository } from '../support/fleet-repository';
import { readTree } from '../support/repo';

// The fleet fixture: dev (one cluster) -> qa (qa-a, qa-b in one wave) -> live (wave canary:
// live-canary; wave regions: live-eu, live-us). dev runs a newer shop than qa and live.

const SHOP = 'registry.example.com/shopfront/shop';
const LEDGER = 'registry.example.com/shopfront/ledger';
const SHOP_IN_DEV = 'sha256:612f7a0edd33d5c1a7f59b38db605f5f0f9bf63cb4ce753b9bad0ff3aa941412';
const SHOP_IN_LIVE = 'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';
const LEDGER_IN_LIVE = 'sha256:fe64a7d21153b7c9d45cca1f07c8a2b403d4d4140692cd59f009878cac447c1a';
const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;

function read(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

/** The fleet with dev's shop promoted to qa and committed: live's canary can take it. */
function fleetWithShopInQa(): Promise<string> {
  return copyOfTemplate('fleet-shop-in-qa', async () => {
    const root = await fleetGitRepository();
    const result = await runCli(promoteCommand, ['shop', '--to', 'qa', '--root', root]);
    if (result.code !== 0) throw new Error(`promote shop --to qa failed: ${result.err}`);
    git(root, 'commit', '--quiet', '--all', '-m', 'qa: shop');
    return root;
  });
}

/** Files a branch changes against its parent. */
function branchFiles(root: string, branch: string): string[] {
  return git(root, 'diff', '--name-only', `${branch}^`, branch).split('\n');
}

/** The shop image every live cluster's Deployment runs, by cluster. */
function liveShopImages(root: string): Record<string, string> {
  return Object.fromEntries(['live-canary', 'live-eu', 'live-us'].map((cluster) => [cluster, /image: (\S+)/.exec(read(root, `dist/live/${cluster}/apps/shop/deployment-shop.yaml`))![1]!]));
}

async function expectRefused(root: string, args: readonly string[], message: string): Promise<void> {
  const before = snapshot(root);
  const result = await runCli(promoteCommand, [...args, '--root', root]);
  expect(result.err).toBe(`promote refused: ${message}\nNothing was changed.`);
  expect(result.code).toBe(1);
  expect(snapshot(root)).toEqual(before);
}

/** Rewrites live's waves (environment.yaml). */
function liveWaves(root: string, waves: string): void {
  const file = path.join(root, 'overlays/live/environment.yaml');
  writeFileSync(file, read(root, 'overlays/live/environment.yaml').replace(/^waves:\n(?:  .*\n)+/m, `waves:\n${waves}`));
}

/** Adds images.<app> with `digest` to a cluster's file, as a promotion would have. */
function override(root: string, file: string, app: string, digest: string): void {
  writeFileSync(path.join(root, file), `${read(root, file)}images:\n  ${app}:\n    digest: ${digest}\n`);
}

describe('promotion in waves', () => {
  it('takes an environment wave by wave: the canary from qa, the regions from the canary; the last wave settles the digest in images.yaml', async () => {
    const root = await fleetWithShopInQa();
    const base = git(root, 'rev-parse', 'HEAD');
    const canaryFile = read(root, 'overlays/live/clusters/live-canary.yaml');

    const canary = await runCli(promoteCommand, ['shop', '--to', 'live', '--git', '--root', root]);
    expect(canary.err).toBe('');
    expect(canary.code).toBe(0);
    expect(canary.out).toContain('live wave canary: shop sha256:4f53cda18c2b -> sha256:612f7a0edd33 (from qa; overlays/live/clusters/live-canary.yaml, dist/live/ re-rendered)');
    expect(canary.out).toContain('### live/live-eu\nNo changes.\n\n### live/live-us\nNo changes.');
    expect(canary.out).toContain(`next: once live wave canary is healthy, npm run promote -- shop --to live --wave regions --digest ${SHOP_IN_DEV}`);
    // The wave ahead holds the digest in its cluster's file; only its tree is re-rendered.
    expect(branchFiles(root, 'promote/shop-live-canary-612f7a0edd33')).toEqual(['dist/live/live-canary/apps/shop/deployment-shop.yaml', 'overlays/live/clusters/live-canary.yaml']);
    expect(git(root, 'show', 'promote/shop-live-canary-612f7a0edd33:overlays/live/clusters/live-canary.yaml')).toBe(`${canaryFile}images:\n  shop:\n    digest: ${SHOP_IN_DEV}`);
    const message = git(root, 'log', '-1', '--format=%B', 'promote/shop-live-canary-612f7a0edd33');
    expect(message.split('\n')[0]).toBe('Promote shop qa -> live wave canary: sha256:612f7a0edd33');
    expect(message).toContain('clusters: live-canary\n');
    git(root, 'merge', '--quiet', '--ff-only', 'promote/shop-live-canary-612f7a0edd33');
    expect(liveShopImages(root)).toEqual({ 'live-canary': `${SHOP}@${SHOP_IN_DEV}`, 'live-eu': `${SHOP}@${SHOP_IN_LIVE}`, 'live-us': `${SHOP}@${SHOP_IN_LIVE}` });

    // status: one column per wave, the regions behind the canary.
    const status = await runCli(statusCommand, ['--root', root]);
    expect(status.out).toBe(
      [
        'APP     DEV                  QA                   LIVE/CANARY            LIVE/REGIONS',
        'ledger  sha256:ec80c7b7b9fb  sha256:ec80c7b7b9fb  sha256:fe64a7d21153 *  sha256:fe64a7d21153',
        'settle  sha256:13029f9e83d1  sha256:13029f9e83d1  sha256:13029f9e83d1    sha256:13029f9e83d1',
        'shop    sha256:612f7a0edd33  sha256:612f7a0edd33  sha256:612f7a0edd33    sha256:4f53cda18c2b *',
        '',
        'Clusters:',
        '  qa: qa-a, qa-b',
        '  live/canary: live-canary',
        '  live/regions: live-eu, live-us',
        '',
        '* behind the previous environment (or wave). Pending promotions:',
        '  npm run promote -- ledger --to live',
        '  npm run promote -- shop --to live --wave regions',
      ].join('\n'),
    );
    const json = JSON.parse((await runCli(statusCommand, ['--json', '--root', root])).out) as { waves: unknown; apps: Record<string, Record<string, unknown>>; clusters: Record<string, Record<string, unknown>> };
    expect(json.waves).toEqual({ dev: [{ name: 'dev', clusters: ['dev'] }], qa: [{ name: 'all', clusters: ['qa-a', 'qa-b'] }], live: [{ name: 'canary', clusters: ['live-canary'] }, { name: 'regions', clusters: ['live-eu', 'live-us'] }] });
    expect(json.clusters['shop']).toEqual({
      dev: { environment: 'dev', wave: 'dev', repository: SHOP, digest: SHOP_IN_DEV, behind: false, breakGlass: null },
      'qa-a': { environment: 'qa', wave: 'all', repository: SHOP, digest: SHOP_IN_DEV, behind: false, breakGlass: null },
      'qa-b': { environment: 'qa', wave: 'all', repository: SHOP, digest: SHOP_IN_DEV, behind: false, breakGlass: null },
      'live-canary': { environment: 'live', wave: 'canary', repository: SHOP, digest: SHOP_IN_DEV, behind: false, breakGlass: null },
      'live-eu': { environment: 'live', wave: 'regions', repository: SHOP, digest: SHOP_IN_LIVE, behind: true, breakGlass: null },
      'live-us': { environment: 'live', wave: 'regions', repository: SHOP, digest: SHOP_IN_LIVE, behind: true, breakGlass: null },
    });
    // The environment's own entry is images.yaml's, where the rollout lands; it is behind while a wave is.
    expect(json.apps['shop']!['live']).toEqual({ repository: SHOP, digest: SHOP_IN_LIVE, behind: true, breakGlass: null });

    // diff: per cluster tree.
    const diff = await runCli(diffCommand, ['--base', base, '--root', root]);
    expect(diff.out).toBe(
      [
        `## Rendered changes against ${base} (${base.slice(0, 12)})`,
        '',
        'Digests moved:',
        `- live/live-canary, Deployment shop/shop, container shop: ${SHOP} sha256:4f53cda18c2b -> sha256:612f7a0edd33`,
        '',
        '### dev',
        'No changes.',
        '',
        '### qa/qa-a',
        'No changes.',
        '',
        '### qa/qa-b',
        'No changes.',
        '',
        '### live/live-canary',
        '- apps/shop: 0 added, 1 changed, 0 removed',
        '  - changed Deployment shop/shop: spec.template.spec.containers[shop].image',
        '',
        '### live/live-eu',
        'No changes.',
        '',
        '### live/live-us',
        'No changes.',
        '',
        'Total: 0 added, 1 changed, 0 removed.',
      ].join('\n'),
    );

    const regions = await runCli(promoteCommand, ['shop', '--to', 'live', '--wave', 'regions', '--git', '--root', root]);
    expect(regions.err).toBe('');
    expect(regions.code).toBe(0);
    expect(regions.out).toContain('live wave regions: shop sha256:4f53cda18c2b -> sha256:612f7a0edd33 (from live wave canary; overlays/live/images.yaml, overlays/live/clusters/live-canary.yaml, dist/live/ re-rendered)');
    expect(regions.out).not.toContain('next:');
    // The canary's render does not change (it ran the digest already); its override goes.
    expect(branchFiles(root, 'promote/shop-live-regions-612f7a0edd33')).toEqual([
      'dist/live/live-eu/apps/shop/deployment-shop.yaml',
      'dist/live/live-us/apps/shop/deployment-shop.yaml',
      'overlays/live/clusters/live-canary.yaml',
      'overlays/live/images.yaml',
    ]);
    expect(git(root, 'log', '-1', '--format=%s', 'promote/shop-live-regions-612f7a0edd33')).toBe('Promote shop live wave canary -> live wave regions: sha256:612f7a0edd33');
    git(root, 'merge', '--quiet', '--ff-only', 'promote/shop-live-regions-612f7a0edd33');

    // A finished rollout is one line in images.yaml: the overlays differ from the base by the digest alone.
    expect(git(root, 'diff', '--name-only', base, 'HEAD', '--', 'overlays')).toBe('overlays/live/images.yaml');
    expect(git(root, 'diff', '--unified=0', base, 'HEAD', '--', 'overlays').split('\n').filter((line) => /^[-+] /.test(line))).toEqual([`-    digest: ${SHOP_IN_LIVE}`, `+    digest: ${SHOP_IN_DEV}`]);
    expect(liveShopImages(root)).toEqual({ 'live-canary': `${SHOP}@${SHOP_IN_DEV}`, 'live-eu': `${SHOP}@${SHOP_IN_DEV}`, 'live-us': `${SHOP}@${SHOP_IN_DEV}` });
    const { rendered } = await renderAll({ root, catalog: fixtureCatalog });
    const fresh = new Map(rendered.flatMap((tree) => [...tree.files].map(([file, text]) => [`${tree.name}/${file}`, text] as const)));
    expect(readTree(path.join(root, 'dist'))).toEqual(new Map([...fresh].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect((await runCli(statusCommand, ['--root', root])).out).not.toContain('--to live --wave');
  });

  it('refuses a wave that a cluster of the previous wave does not run, naming the cluster (waves are taken in order)', async () => {
    const root = await fleetWithShopInQa();
    await expectRefused(root, ['shop', '--to', 'live', '--wave', 'regions', '--digest', SHOP_IN_DEV], 'live-canary (live wave canary) does not run shop@sha256:612f7a0edd33 (live-canary runs sha256:4f53cda18c2b); only what every cluster of live wave canary runs can be promoted to live wave regions');
    // Without --digest, the regions take what the canary runs: they run it already.
    const same = await runCli(promoteCommand, ['shop', '--to', 'live', '--wave', 'regions', '--root', root]);
    expect(same.out).toBe(`live wave regions: shop already runs ${SHOP}@${SHOP_IN_LIVE} like live wave canary; nothing to promote.`);
  });

  it('refuses a wave whose previous wave has not settled on one image, until that wave is set again', async () => {
    const root = await fleetWithShopInQa();
    // live-eu joins the canary wave after the canary took the new digest: it runs the old one.
    const canaryFile = read(root, 'overlays/live/clusters/live-canary.yaml');
    liveWaves(root, '  - name: canary\n    clusters: [live-canary, live-eu]\n  - name: regions\n    clusters: [live-us]\n');
    override(root, 'overlays/live/clusters/live-canary.yaml', 'shop', SHOP_IN_DEV);
    await synth({ root, catalog: fixtureCatalog, only: ['live'] });
    git(root, 'commit', '--quiet', '--all', '-m', 'live-eu joins the canary wave');

    await expectRefused(root, ['shop', '--to', 'live', '--wave', 'regions'], 'the clusters of live wave canary run different shop images (live-canary runs sha256:612f7a0edd33, live-eu runs sha256:4f53cda18c2b): set live wave canary to one image first (npm run promote -- shop --to live); live wave regions takes only an image every one of them runs');
    await expectRefused(root, ['shop', '--to', 'live', '--wave', 'regions', '--digest', SHOP_IN_DEV], 'live-eu (live wave canary) does not run shop@sha256:612f7a0edd33 (live-eu runs sha256:4f53cda18c2b); only what every cluster of live wave canary runs can be promoted to live wave regions');
    const status = (await runCli(statusCommand, ['--root', root])).out;
    expect(status).toContain('shop    sha256:612f7a0edd33  sha256:612f7a0edd33  mixed *                sha256:4f53cda18c2b');
    expect(status).toContain('mixed: the clusters of a wave run different images:\n  shop in live/canary: live-canary runs sha256:612f7a0edd33, live-eu runs sha256:4f53cda18c2b\n');
    expect(status.split('\n')).toContain('  npm run promote -- shop --to live');
    expect(status).not.toContain('--wave regions');

    const again = await runCli(promoteCommand, ['shop', '--to', 'live', '--root', root]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('live wave canary: shop (live-canary runs sha256:612f7a0edd33, live-eu runs sha256:4f53cda18c2b) -> sha256:612f7a0edd33 (from qa; overlays/live/clusters/live-eu.yaml, dist/live/ re-rendered)');
    const regions = await runCli(promoteCommand, ['shop', '--to', 'live', '--wave', 'regions', '--root', root]);
    expect(regions.code).toBe(0);
    expect(regions.out).toContain('(from live wave canary; overlays/live/images.yaml, overlays/live/clusters/live-canary.yaml, overlays/live/clusters/live-eu.yaml, dist/live/ re-rendered)');
    // The wave's overrides are gone (live-eu's came and went); the digest is images.yaml's.
    expect(git(root, 'diff', '--name-only', '--', 'overlays').split('\n')).toEqual(['overlays/live/clusters/live-canary.yaml', 'overlays/live/images.yaml']);
    expect(read(root, 'overlays/live/clusters/live-canary.yaml')).toBe(canaryFile);
    expect(liveShopImages(root)).toEqual({ 'live-canary': `${SHOP}@${SHOP_IN_DEV}`, 'live-eu': `${SHOP}@${SHOP_IN_DEV}`, 'live-us': `${SHOP}@${SHOP_IN_DEV}` });
  });

  it('refuses to take an image from an environment whose clusters run different ones (it has not finished its own waves)', async () => {
    const root = await fleetWithShopInQa();
    override(root, 'overlays/qa/clusters/qa-b.yaml', 'shop', SHOP_IN_LIVE);
    await expectRefused(root, ['shop', '--to', 'live'], 'the clusters of qa run different shop images (qa-a runs sha256:612f7a0edd33, qa-b runs sha256:4f53cda18c2b): qa has not finished its own waves (npm run status shows what is pending there); live wave canary takes only an image every one of them runs');
    await expectRefused(root, ['shop', '--to', 'live', '--digest', SHOP_IN_DEV], 'qa-b (qa) does not run shop@sha256:612f7a0edd33 (qa-b runs sha256:4f53cda18c2b); only what every cluster of qa runs can be promoted to live wave canary');
  });

  it('refuses an unknown wave, --from for a later wave, and the first wave of the first environment', async () => {
    const root = await fleetWithShopInQa();
    await expectRefused(root, ['shop', '--to', 'live', '--wave', 'europe'], "unknown wave 'europe': the waves of live are canary -> regions (overlays/live/environment.yaml waves)");
    await expectRefused(root, ['shop', '--to', 'qa', '--wave', 'canary'], "unknown wave 'canary': the waves of qa are all (overlays/qa/environment.yaml waves)");
    await expectRefused(root, ['shop', '--to', 'dev', '--wave', 'canary'], "unknown wave 'canary': dev has no waves (one cluster; its wave is named dev) (overlays/dev/environment.yaml waves)");
    await expectRefused(root, ['shop', '--to', 'live', '--wave', 'regions', '--from', 'qa'], 'cannot promote from qa to live wave regions: a later wave takes images from the wave before it, live wave canary (--from live or none)');
    await expectRefused(root, ['shop', '--to', 'dev', '--wave', 'dev'], 'dev is the first environment of the chain (dev -> qa -> live); images enter it with npm run set-image');
  });

  it('set-image --break-glass into an environment with waves sets its first wave; the mark travels with the image into images.yaml', async () => {
    const root = await fleetRepository();
    const canaryFile = read(root, 'overlays/live/clusters/live-canary.yaml');
    const set = await runCli(setImageCommand, ['ledger', '--env', 'live', '--image', `${LEDGER}@${digest('d')}`, '--break-glass', 'INC-7 hotfix', '--root', root]);
    expect(set.err).toBe('');
    expect(set.out).toContain('live wave canary: ledger sha256:fe64a7d21153 -> sha256:dddddddddddd by break-glass ("INC-7 hotfix") (overlays/live/clusters/live-canary.yaml, dist/live/ re-rendered)');
    expect(set.out).toContain(`next: once live wave canary is healthy, npm run promote -- ledger --to live --wave regions --digest ${digest('d')}`);
    expect(read(root, 'overlays/live/clusters/live-canary.yaml')).toBe(`${canaryFile}images:\n  ledger:\n    digest: ${digest('d')}  # break-glass: INC-7 hotfix\n`);
    expect(read(root, 'overlays/live/images.yaml')).toContain(`digest: ${LEDGER_IN_LIVE}\n`);
    const status = (await runCli(statusCommand, ['--root', root])).out;
    expect(status).toContain('ledger  sha256:ec80c7b7b9fb  sha256:ec80c7b7b9fb    sha256:dddddddddddd ! *  sha256:fe64a7d21153 *');
    expect(status.split('\n')).toContain('  npm run promote -- ledger --to live --wave regions');
    expect(status).toContain('! set by break-glass, not by promotion:\n  ledger in live/canary: INC-7 hotfix\n');

    const regions = await runCli(promoteCommand, ['ledger', '--to', 'live', '--wave', 'regions', '--root', root]);
    expect(regions.code).toBe(0);
    expect(regions.out).toContain('note: live wave canary runs this image by break-glass ("INC-7 hotfix"); live wave regions carries the mark too');
    expect(read(root, 'overlays/live/images.yaml')).toContain(`    digest: ${digest('d')}  # break-glass: INC-7 hotfix\n`);
    expect(read(root, 'overlays/live/clusters/live-canary.yaml')).toBe(canaryFile);
  });

  it('set-image into a first environment with waves sets its first wave, and names every wave on the way in a refusal', async () => {
    const root = await fleetRepository();
    // dev as two waves of its own: dev-canary, then dev-main.
    const dev = read(root, 'overlays/dev/environment.yaml');
    writeFileSync(path.join(root, 'overlays/dev/environment.yaml'), `${dev}waves:\n  - name: first\n    clusters: [dev-canary]\n  - name: rest\n    clusters: [dev-main]\n`);
    mkdirSync(path.join(root, 'overlays/dev/clusters'));
    writeFileSync(path.join(root, 'overlays/dev/clusters/dev-canary.yaml'), 'domain: canary.dev.example.com\n');
    writeFileSync(path.join(root, 'overlays/dev/clusters/dev-main.yaml'), '# the rest of dev\n');
    await synth({ root, catalog: fixtureCatalog, only: ['dev'] });

    const set = await runCli(setImageCommand, ['ledger', '--image', `${LEDGER}@${digest('e')}`, '--root', root]);
    expect(set.err).toBe('');
    expect(set.out).toContain('dev wave first: ledger sha256:ec80c7b7b9fb -> sha256:eeeeeeeeeeee (overlays/dev/clusters/dev-canary.yaml, dist/dev/ re-rendered)');
    expect(read(root, 'overlays/dev/clusters/dev-canary.yaml')).toBe(`domain: canary.dev.example.com\nimages:\n  ledger:\n    digest: ${digest('e')}\n`);

    const later = await runCli(setImageCommand, ['ledger', '--env', 'live', '--image', `${LEDGER}@${digest('f')}`, '--root', root]);
    expect(later.code).toBe(1);
    expect(later.err).toContain(
      [
        'Instead run:',
        `  npm run set-image -- ledger --image ${LEDGER}@${digest('f')}`,
        `  npm run promote -- ledger --to dev --wave rest --digest ${digest('f')}`,
        `  npm run promote -- ledger --to qa --digest ${digest('f')}`,
        `  npm run promote -- ledger --to live --digest ${digest('f')}`,
        'In an incident, --break-glass "<reason>" sets live directly and records the reason in overlays/live/images.yaml (its first wave: the clusters\' files).',
      ].join('\n'),
    );
    const rest = await runCli(promoteCommand, ['ledger', '--to', 'dev', '--wave', 'rest', '--root', root]);
    expect(rest.code).toBe(0);
    expect(rest.out).toContain('dev wave rest: ledger sha256:ec80c7b7b9fb -> sha256:eeeeeeeeeeee (from dev wave first; overlays/dev/images.yaml, overlays/dev/clusters/dev-canary.yaml, dist/dev/ re-rendered)');
    expect(read(root, 'overlays/dev/clusters/dev-canary.yaml')).toBe('domain: canary.dev.example.com\n');
  });

  it('keeps the override of an earlier wave that is already ahead when the last wave settles', async () => {
    const root = await fleetRepository();
    // Three waves: shop's first new digest has reached eu, and a newer one the canary since.
    liveWaves(root, '  - name: canary\n    clusters: [live-canary]\n  - name: eu\n    clusters: [live-eu]\n  - name: us\n    clusters: [live-us]\n');
    override(root, 'overlays/live/clusters/live-canary.yaml', 'shop', digest('3'));
    const euFile = read(root, 'overlays/live/clusters/live-eu.yaml');
    override(root, 'overlays/live/clusters/live-eu.yaml', 'shop', SHOP_IN_DEV);
    await synth({ root, catalog: fixtureCatalog, only: ['live'] });
    expect((await runCli(statusCommand, ['--root', root])).out).toContain('shop    sha256:612f7a0edd33  sha256:4f53cda18c2b *  sha256:333333333333 *  sha256:612f7a0edd33 *  sha256:4f53cda18c2b *');

    const us = await runCli(promoteCommand, ['shop', '--to', 'live', '--wave', 'us', '--root', root]);
    expect(us.err).toBe('');
    expect(us.out).toContain('live wave us: shop sha256:4f53cda18c2b -> sha256:612f7a0edd33 (from live wave eu; overlays/live/images.yaml, overlays/live/clusters/live-eu.yaml, dist/live/ re-rendered)');
    expect(liveShopImages(root)).toEqual({ 'live-canary': `${SHOP}@${digest('3')}`, 'live-eu': `${SHOP}@${SHOP_IN_DEV}`, 'live-us': `${SHOP}@${SHOP_IN_DEV}` });
    expect(read(root, 'overlays/live/clusters/live-canary.yaml')).toContain(`images:\n  shop:\n    digest: ${digest('3')}\n`);
    expect(read(root, 'overlays/live/clusters/live-eu.yaml')).toBe(euFile);
    expect(read(root, 'overlays/live/images.yaml')).toContain(`digest: ${SHOP_IN_DEV}\n`);
  });

  it('gives an earlier wave that runs images.yaml\'s old digest an override of it when the last wave settles a new one', async () => {
    const root = await fleetRepository();
    // The canary was set back by hand to what images.yaml says, while eu runs the new digest.
    liveWaves(root, '  - name: canary\n    clusters: [live-canary]\n  - name: eu\n    clusters: [live-eu]\n  - name: us\n    clusters: [live-us]\n');
    const canaryFile = read(root, 'overlays/live/clusters/live-canary.yaml');
    override(root, 'overlays/live/clusters/live-eu.yaml', 'shop', SHOP_IN_DEV);
    await synth({ root, catalog: fixtureCatalog, only: ['live'] });

    const us = await runCli(promoteCommand, ['shop', '--to', 'live', '--wave', 'us', '--root', root]);
    expect(us.err).toBe('');
    expect(us.out).toContain('(from live wave eu; overlays/live/clusters/live-canary.yaml, overlays/live/images.yaml, overlays/live/clusters/live-eu.yaml, dist/live/ re-rendered)');
    // Only the wave set changed what it runs; the canary keeps its image, now by an override.
    expect(liveShopImages(root)).toEqual({ 'live-canary': `${SHOP}@${SHOP_IN_LIVE}`, 'live-eu': `${SHOP}@${SHOP_IN_DEV}`, 'live-us': `${SHOP}@${SHOP_IN_DEV}` });
    expect(read(root, 'overlays/live/clusters/live-canary.yaml')).toBe(`${canaryFile}images:\n  shop:\n    digest: ${SHOP_IN_LIVE}\n`);
  });
});
