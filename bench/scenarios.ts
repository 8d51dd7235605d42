import type { AppCatalog } from '../src/app-catalog';
import { loadAppCatalog } from '../src/app-catalog';
import { syntheticCatalog, syntheticName, writeSyntheticOverlays } from './synthetic-apps';

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

export const SCENARIOS: readonly BenchScenario[] = [APPS];

export function scenarioNamed(name: string): BenchScenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`unknown scenario '${name}', expected one of: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return scenario;
}
