import type { AppCatalog } from '../src/app-catalog';
import { loadAppCatalog } from '../src/app-catalog';
import { syntheticCatalog, syntheticName, writeSyntheticOverlays } from './synthetic-apps';
import { productionEnvironment, writeFleetClusters } from './synthetic-fleet';

/**
 * A shape of repository the benchmark renders at several sizes. The repository's overlays are
 * written before any timing (`prepare`, in the benchmark's own process), because a real synth
 * reads overlays a person wrote, not ones it generates; the applications are built inside the
 * measured process (`catalog`), as a real synth loads charts/apps/ (each defineApp() validates).
 */
export interface BenchScenario {
  /** Its command-line flag (`--<name> 10,100`) and its name in bench/results.json. */
  readonly name: string;
  /** What one unit of size is, for the table header. */
  readonly unit: string;
  readonly defaultSizes: readonly number[];
  /** Writes the scenario's overlays/ below `root` (a fresh directory). Untimed. */
  prepare(repoRoot: string, root: string, size: number): void;
  /** The applications to render. Timed, in the measured child. */
  catalog(repoRoot: string, size: number): Promise<AppCatalog>;
}

/** N generated apps beside the repository's own, in each of its environments. */
const APPS: BenchScenario = {
  name: 'apps',
  unit: 'apps',
  defaultSizes: [10, 100, 1000],
  prepare(repoRoot, root, size) {
    writeSyntheticOverlays(repoRoot, root, Array.from({ length: size }, (_, i) => syntheticName(i)));
  },
  async catalog(repoRoot, size) {
    return new Map([...(await loadAppCatalog(repoRoot)), ...syntheticCatalog(size)]);
  },
};

/** Apps of the fleet scenario: the size is the production environment's cluster count. */
export const FLEET_APPS = 100;

/**
 * The fleet: 100 generated apps in the repository's environments, the production one (the last of
 * the promotion chain; prod in this repository) on N clusters (a canary wave, then the rest;
 * bench/synthetic-fleet.ts). Synth should grow linearly in clusters.
 */
const FLEET: BenchScenario = {
  name: 'fleet',
  unit: 'production clusters',
  defaultSizes: [1, 5, 20],
  prepare(repoRoot, root, size) {
    writeSyntheticOverlays(repoRoot, root, Array.from({ length: FLEET_APPS }, (_, i) => syntheticName(i)));
    writeFleetClusters(root, productionEnvironment(root), size);
  },
  async catalog(repoRoot) {
    return new Map([...(await loadAppCatalog(repoRoot)), ...syntheticCatalog(FLEET_APPS)]);
  },
};

export const SCENARIOS: readonly BenchScenario[] = [APPS, FLEET];

export function scenarioNamed(name: string): BenchScenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`unknown scenario '${name}', expected one of: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return scenario;
}
