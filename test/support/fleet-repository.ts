import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { definedAppFiles } from '../../src/app-catalog';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import { synth } from '../../src/synth-pipeline';
import { FIXTURE_ROOT, fixtureCatalog } from './fixture-repository';

/**
 * The fleet fixture: the fixture repository with qa as a hub-and-spoke environment of two
 * clusters (qa-a, qa-b, one wave) and live as three per-cluster clusters in two waves (canary:
 * live-canary; regions: live-eu, live-us). Only the files that differ live in
 * test/fixtures/fleet/overlays/; the rest is the fixture repository's.
 */
export const FLEET_OVERLAYS = path.resolve(import.meta.dirname, '../fixtures/fleet/overlays');

/** Writes the fleet's overlays (fixture repository + fleet files) into root/overlays. */
export function writeFleetOverlays(root: string): void {
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  cpSync(FLEET_OVERLAYS, path.join(root, 'overlays'), { recursive: true });
}

let template: Promise<string> | undefined;

/** A scratch copy of the fleet repository (overlays/ and a synthesized dist/) a test may change. */
export async function fleetRepository(): Promise<string> {
  template ??= (async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fleet-template-'));
    writeFleetOverlays(root);
    await synth({ root, catalog: fixtureCatalog });
    return root;
  })();
  const source = await template;
  const root = mkdtempSync(path.join(tmpdir(), 'fleet-repository-'));
  cpSync(source, root, { recursive: true });
  return root;
}

let configs: readonly EnvironmentConfig[] | undefined;

/** The fleet's loaded configs: one per cluster, in promotion order and wave by wave. */
export function fleetConfigs(): readonly EnvironmentConfig[] {
  if (configs === undefined) {
    const root = mkdtempSync(path.join(tmpdir(), 'fleet-overlays-'));
    writeFleetOverlays(root);
    configs = loadOverlays({ root, definedApps: definedAppFiles(fixtureCatalog) });
  }
  return configs;
}
