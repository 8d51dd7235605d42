/**
 * `npm run check` with the charts rendered against the check with declared facts only, in process
 * (median of N). The real charts cannot be pulled here, so every pinned chart is replaced by a
 * stand-in of the same name and version: the fixture chart test/fixtures/charts/fixture-operator
 * (a CRD, a Deployment, a webhook and its Service, a PodDisruptionBudget, a ServiceMonitor).
 * Real charts render more objects per `helm template`; with a warm render cache (the case
 * measured) helm does not run at all, and reading the cached objects is what remains.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HELM_CHARTS } from '../charts/lib/versions';
import { runCheck } from '../src/check/run-check';
import { chartDigest } from '../src/helm/chart-digest';
import { ChartLock } from '../src/helm/chart-lock';
import { ensureHelm } from '../src/helm/helm-tool';

export interface ChartCheckResult {
  readonly declaredSeconds: number;
  readonly renderedSeconds: number;
  readonly ratio: number;
  readonly summary: string;
}

export async function measureChartCheck(repoRoot: string, runs: number, median: (values: readonly number[]) => number): Promise<ChartCheckResult> {
  const chartsDir = mkdtempSync(path.join(tmpdir(), 'bench-charts-'));
  try {
    const helm = ensureHelm(repoRoot);
    const entries = Object.values(HELM_CHARTS).map(({ chart, version }) => {
      const dir = path.join(chartsDir, `${chart}-${version}`);
      cpSync(path.join(repoRoot, 'test/fixtures/charts/fixture-operator'), dir, { recursive: true });
      writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${chart}\nversion: ${version}\n`);
      return { chart, version, digest: chartDigest(dir) };
    });
    const chartLock = new ChartLock('stand-in.lock.json', entries);
    const withCharts = { ...process.env, GITOPS_CHARTS_DIR: chartsDir };
    const withoutCharts = { ...process.env, GITOPS_CHARTS_DIR: path.join(chartsDir, 'none') };
    const time = async (env: NodeJS.ProcessEnv) => {
      const start = performance.now();
      const report = await runCheck({ root: repoRoot, env, helm, chartLock });
      return { seconds: (performance.now() - start) / 1000, summary: report.charts.summary };
    };
    await time(withoutCharts); // untimed: validator caches
    const rendered = await time(withCharts); // untimed: fills the render cache
    const declared: number[] = [];
    const renderedRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      declared.push((await time(withoutCharts)).seconds);
      renderedRuns.push((await time(withCharts)).seconds);
    }
    const declaredSeconds = median(declared);
    const renderedSeconds = median(renderedRuns);
    return { declaredSeconds, renderedSeconds, ratio: renderedSeconds / declaredSeconds, summary: rendered.summary };
  } finally {
    rmSync(chartsDir, { recursive: true, force: true });
  }
}
