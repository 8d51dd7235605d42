import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { definedAppFiles, loadAppCatalog, type AppCatalog } from '../../src/app-catalog';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { PlatformConfig } from '../../src/config/platform-schema';
import { renderAll, REPO_ROOT, synth } from '../../src/synth-pipeline';
import { renderConfigVariant, type Mutable } from './platform';

/**
 * The fixture repository (test/fixtures/repository): apps shop, ledger and settle, environments
 * dev -> qa -> live. Tests of the framework (config loading, constructs, promotion, status, diff)
 * run on it, so they keep passing whatever apps and environments the real repository has.
 */
export const FIXTURE_ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'repository');

export const fixtureCatalog: AppCatalog = await loadAppCatalog(FIXTURE_ROOT);

/** App name -> defining file, for loadOverlays. */
export const fixtureDefinedApps: ReadonlyMap<string, string> = definedAppFiles(fixtureCatalog);

/** The fixture's loaded (frozen) environment configs, in promotion order. */
export const fixtureConfigs: readonly EnvironmentConfig[] = loadOverlays({ root: FIXTURE_ROOT, definedApps: fixtureDefinedApps });

/** One cluster's config, by its tree ("live/live") or its environment's name (its first cluster). */
export function fixtureConfig(name: string): EnvironmentConfig {
  const config = fixtureConfigs.find((c) => c.cluster.distPath === name) ?? fixtureConfigs.find((c) => c.name === name);
  if (!config) throw new Error(`no environment '${name}' in the fixture repository`);
  return config;
}

/** One fixture environment rendered with its platform config changed by `change` (on a copy). */
export function renderFixtureVariant(environment: string, change: (platform: Mutable<PlatformConfig>) => void): RenderedEnvironment {
  return renderConfigVariant(fixtureConfig(environment), [...fixtureCatalog.values()].map((entry) => entry.definition), change);
}

let rendered: Promise<RenderedEnvironment[]> | undefined;

/** Renders the fixture repository once per test worker, in memory. */
export function renderFixture(): Promise<RenderedEnvironment[]> {
  rendered ??= renderAll({ root: FIXTURE_ROOT, catalog: fixtureCatalog }).then((result) => result.rendered);
  return rendered;
}

let template: Promise<string> | undefined;

/**
 * A scratch copy of the fixture repository (overlays/ and a freshly synthesized dist/) that a
 * test may change freely. The first call per worker synthesizes once; later calls copy.
 */
export async function fixtureRepository(): Promise<string> {
  template ??= (async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fixture-template-'));
    cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
    await synth({ root, catalog: fixtureCatalog });
    return root;
  })();
  const source = await template;
  const root = mkdtempSync(path.join(tmpdir(), 'fixture-repository-'));
  cpSync(source, root, { recursive: true });
  return root;
}
