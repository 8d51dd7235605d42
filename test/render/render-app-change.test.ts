import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withImage } from '../../src/cli/lib/images-file';
import { loadOverlays } from '../../src/config/load-overlays';
import { definedAppFiles } from '../../src/app-catalog';
import type { PublishPoint } from '../../src/render/publish-hook';
import { recoverDist } from '../../src/render/publish-dist';
import { renderAppChange } from '../../src/render/render-app-change';
import { synth } from '../../src/synth-pipeline';
import { fixtureCatalog, fixtureRepository } from '../support/fixture-repository';
import { fleetRepository } from '../support/fleet-repository';
import { differingFiles, fullSynth } from '../support/full-synth';
import { readTree } from '../support/repo';

/**
 * The incremental re-render of an image change (src/render/render-app-change.ts) against the
 * truth: a full synth of the changed overlays. Both fixtures: the fixture repository (one cluster
 * per environment) and the fleet (qa: two clusters; live: three clusters in two waves).
 */

const FIXTURES = { fixture: fixtureRepository, fleet: fleetRepository } as const;
type FixtureName = keyof typeof FIXTURES;

const REPOSITORIES: Record<string, string> = {
  shop: 'registry.example.com/shopfront/shop',
  ledger: 'registry.example.com/shopfront/ledger',
  settle: 'registry.example.com/settlement/settle',
};

function digestOf(seed: string): string {
  return `sha256:${seed.repeat(64).slice(0, 64)}`;
}

/** Sets images.<app> of the environment's images.yaml, with the same edit set-image and promote make. */
function setImage(root: string, env: string, app: string, digest: string): void {
  const file = `overlays/${env}/images.yaml`;
  const absolute = path.join(root, file);
  writeFileSync(absolute, withImage(readFileSync(absolute, 'utf8'), file, app, { repository: REPOSITORIES[app]!, digest }, undefined));
}

/** The cluster trees of an environment, e.g. ['live/live-canary', 'live/live-eu', 'live/live-us']. */
function clusterTrees(root: string, env: string): string[] {
  return loadOverlays({ root, definedApps: definedAppFiles(fixtureCatalog) })
    .filter((config) => config.name === env)
    .map((config) => config.cluster.distPath);
}

describe('renderAppChange', () => {
  const cases: Array<[FixtureName, string, string]> = [
    ['fixture', 'dev', 'shop'],
    ['fixture', 'live', 'ledger'],
    // The fleet's dev is the fixture's; its qa and live have two and three clusters.
    ['fleet', 'qa', 'settle'],
    ['fleet', 'live', 'shop'],
  ];

  it.each(cases)('%s repository, %s, %s: the whole dist/ equals a full synth, and only the app\'s Deployment in each cluster changed', async (fixture, env, app) => {
    const root = await FIXTURES[fixture]();
    const dist = path.join(root, 'dist');
    const before = readTree(dist);
    setImage(root, env, app, digestOf('5a'));

    const result = await renderAppChange({ root, catalog: fixtureCatalog, env, apps: [app] });

    const after = readTree(dist);
    expect(differingFiles(after, await fullSynth(root))).toEqual([]);
    expect(result.rendered).toBe('app-folders');
    const clusters = clusterTrees(root, env);
    expect(differingFiles(before, after)).toEqual(clusters.map((cluster) => `${cluster}/apps/${app}/deployment-${app}.yaml`));
    // What the command prints is computed from these: the app's folders before and after.
    expect(differingFiles(result.before, result.after)).toEqual(clusters.map((cluster) => `${cluster}/apps/${app}/deployment-${app}.yaml`));
    expect([...result.after.keys()].every((file) => clusters.some((cluster) => file.startsWith(`${cluster}/apps/${app}/`)))).toBe(true);
  });

  it('replaces only the app\'s folders: every other file of the environment stays the same file', async () => {
    const root = await fleetRepository();
    const untouched = path.join(root, 'dist/live/live-eu/apps/ledger/deployment-ledger.yaml');
    const argocdFolder = path.join(root, 'dist/live/live-eu/argocd');
    const inodes = [statSync(untouched).ino, statSync(argocdFolder).ino, statSync(path.join(root, 'dist/live')).ino];
    setImage(root, 'live', 'shop', digestOf('6b'));

    await renderAppChange({ root, catalog: fixtureCatalog, env: 'live', apps: ['shop'] });

    expect([statSync(untouched).ino, statSync(argocdFolder).ino, statSync(path.join(root, 'dist/live')).ino]).toEqual(inodes);
  });

  it('changes nothing on disk when the overlays render what dist/ holds', async () => {
    const root = await fleetRepository();
    const dist = path.join(root, 'dist');
    const folder = statSync(path.join(dist, 'qa/qa-a/apps/shop')).ino;
    const before = readTree(dist);

    const result = await renderAppChange({ root, catalog: fixtureCatalog, env: 'qa', apps: ['shop'] });

    expect(readTree(dist)).toEqual(before);
    expect(statSync(path.join(dist, 'qa/qa-a/apps/shop')).ino).toBe(folder);
    expect(differingFiles(result.before, result.after)).toEqual([]);
  });

  it('renders the whole environment, as synth would, when dist/ has no folder for the app in one of its clusters', async () => {
    const root = await fleetRepository();
    rmSync(path.join(root, 'dist/qa/qa-b/apps/ledger'), { recursive: true });
    setImage(root, 'qa', 'ledger', digestOf('7c'));

    const result = await renderAppChange({ root, catalog: fixtureCatalog, env: 'qa', apps: ['ledger'] });

    expect(result.rendered).toBe('environment');
    expect(differingFiles(readTree(path.join(root, 'dist')), await fullSynth(root))).toEqual([]);
    expect(differingFiles(result.before, result.after)).toContain('qa/qa-b/apps/ledger/deployment-ledger.yaml');
  });

  it('leaves dist/ untouched when it cannot render (an app the catalog does not define)', async () => {
    const root = await fixtureRepository();
    const before = readTree(path.join(root, 'dist'));
    await expect(renderAppChange({ root, catalog: fixtureCatalog, env: 'qa', apps: ['checkout'] })).rejects.toThrow("no app 'checkout' among the defined apps, expected one of: ledger, settle, shop");
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  /** Publish points of a change of three folders (live's three clusters), before and after the commit record. */
  const POINTS: Array<[PublishPoint, number]> = [
    ['staged', 3],
    ['committed', 1],
    ['moved-aside', 2],
    ['cleaning', 1],
  ];

  /** The fleet before and after live's shop gets digest 8d..., as a full synth renders it (once per worker). */
  let crashScenario: Promise<{ oldTree: Map<string, string>; newTree: Map<string, string> }> | undefined;
  function scenario() {
    crashScenario ??= (async () => {
      const root = await fleetRepository();
      const oldTree = readTree(path.join(root, 'dist'));
      setImage(root, 'live', 'shop', digestOf('8d'));
      return { oldTree, newTree: await fullSynth(root) };
    })();
    return crashScenario;
  }

  it.each(POINTS)('stopped at %s #%i: after the next writer\'s recovery dist/ is exactly the old or exactly the new output', async (point, occurrence) => {
    const { oldTree, newTree } = await scenario();
    const root = await fleetRepository();
    const dist = path.join(root, 'dist');
    setImage(root, 'live', 'shop', digestOf('8d'));
    let reached = 0;
    const stop = (at: PublishPoint) => {
      if (at === point && ++reached === occurrence) throw new Error(`stopped at ${point}`);
    };

    await expect(renderAppChange({ root, catalog: fixtureCatalog, env: 'live', apps: ['shop'], onPublishPoint: stop })).rejects.toThrow();
    recoverDist(dist);

    const recovered = readTree(dist);
    const committed = !['staging', 'staged'].includes(point);
    expect(differingFiles(recovered, committed ? newTree : oldTree)).toEqual([]);
  });

  it('equals a full synth for any apps, environment and digest (both fixtures)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<FixtureName>('fixture', 'fleet'),
        fc.constantFrom('dev', 'qa', 'live'),
        fc.subarray(['ledger', 'settle', 'shop'], { minLength: 1 }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        async (fixture, env, apps, hex) => {
          const root = await FIXTURES[fixture]();
          const dist = path.join(root, 'dist');
          const before = readTree(dist);
          for (const app of apps) setImage(root, env, app, `sha256:${hex}`);
          await renderAppChange({ root, catalog: fixtureCatalog, env, apps });
          // The template's dist/ is a fresh synth and only env's overlay changed, so a full synth
          // is the template everywhere else and a synth of env there (cheaper than all of it).
          const expected = new Map([...before].filter(([file]) => !file.startsWith(`${env}/`)));
          const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'env-synth-')), 'dist');
          await synth({ root, catalog: fixtureCatalog, outDir, only: [env] });
          for (const [file, text] of readTree(outDir)) expected.set(file, text);
          expect(differingFiles(readTree(dist), expected)).toEqual([]);
          rmSync(root, { recursive: true, force: true });
          rmSync(path.dirname(outDir), { recursive: true, force: true });
        },
      ),
      { numRuns: 5, seed: 0x1ac4e },
    );
  });
});
