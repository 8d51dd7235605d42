import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { YamlSource } from '../config/yaml-source';
import { problemsFromIssues } from '../config/zod-problems';

/** The committed record of what each pinned chart version contains, below the repository root. */
export const CHART_LOCK_FILE = 'charts/lib/charts.lock.json';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

const chartLockSchema = z.strictObject({
  charts: z.array(
    z.strictObject({
      chart: z.string().min(1),
      version: z.string().min(1),
      digest: z.string().regex(DIGEST, 'sha256:<64 lowercase hex> (the chart directory digest, src/helm/chart-digest.ts)'),
    }),
  ),
});

export interface ChartLockEntry {
  readonly chart: string;
  readonly version: string;
  readonly digest: string;
}

/** Digests by (chart, version), as recorded in the lock file. */
export class ChartLock {
  private readonly byKey: ReadonlyMap<string, ChartLockEntry>;

  constructor(
    /** Path of the lock file, for messages (relative to the repository root). */
    readonly file: string,
    readonly entries: readonly ChartLockEntry[],
  ) {
    this.byKey = new Map(entries.map((entry) => [lockKey(entry.chart, entry.version), entry]));
  }

  digestOf(chart: string, version: string): string | undefined {
    return this.byKey.get(lockKey(chart, version))?.digest;
  }
}

function lockKey(chart: string, version: string): string {
  return `${chart}\0${version}`;
}

/** Reads and validates the lock; a missing file is an empty lock (nothing recorded yet). */
export function readChartLock(repoRoot: string, file: string = CHART_LOCK_FILE): ChartLock {
  const absolute = path.join(repoRoot, file);
  if (!existsSync(absolute)) return new ChartLock(file, []);
  // JSON is YAML: the yaml parser gives line numbers for problems, like the overlays get.
  const source = new YamlSource(file, readFileSync(absolute, 'utf8'));
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  const result = chartLockSchema.safeParse(source.data ?? {}, { reportInput: true });
  if (!result.success) throw new ConfigError(problemsFromIssues(source, chartLockSchema, result.error.issues));
  const seen = new Set<string>();
  for (const [index, entry] of result.data.charts.entries()) {
    const key = lockKey(entry.chart, entry.version);
    if (seen.has(key)) {
      throw new ConfigError([{ file, line: source.lineOfPath(['charts', index]), field: `charts.${index}`, problem: 'duplicate entry', got: `${entry.chart} ${entry.version}`, expected: 'each chart version once' }]);
    }
    seen.add(key);
  }
  return new ChartLock(file, result.data.charts);
}

/** Writes the lock in a stable order (chart, then version), replacing the file atomically. */
export function writeChartLock(repoRoot: string, entries: readonly ChartLockEntry[], file: string = CHART_LOCK_FILE): void {
  const sorted = [...entries]
    .map(({ chart, version, digest }) => ({ chart, version, digest }))
    .sort((a, b) => compare(a.chart, b.chart) || compare(a.version, b.version));
  const absolute = path.join(repoRoot, file);
  const partial = `${absolute}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify({ charts: sorted }, null, 2)}\n`);
  renameSync(partial, absolute);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
