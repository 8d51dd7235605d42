import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { helmRepositoryProblem, isOciRegistry, ociChartReference } from '../../charts/lib/helm-repository';
import type { HelmChartRef } from '../../charts/lib/versions';
import { chartDigest } from './chart-digest';
import type { ChartLock, ChartLockEntry } from './chart-lock';
import { ChartRefusal, digestMismatch, notLocked } from './chart-refusal';
import { chartFolder } from './charts-dir';
import type { HelmTool } from './helm-tool';
import { runHelm } from './run-helm';

export interface PullChartsOptions {
  readonly helm: HelmTool;
  readonly charts: readonly HelmChartRef[];
  /** Where <chart>-<version>/ folders are kept (charts-dir.ts). */
  readonly chartsDir: string;
  readonly lock: ChartLock;
  /** Record the digest of what is pulled instead of requiring the lock's (a version bump). */
  readonly updateLock: boolean;
  readonly log?: (line: string) => void;
}

export interface PulledChart extends ChartLockEntry {
  /** present: already in the charts dir with the locked digest; pulled: downloaded now. */
  readonly status: 'present' | 'pulled';
}

export interface PullChartsResult {
  readonly charts: readonly PulledChart[];
  /** One per chart that was not accepted; those charts were left as they were. */
  readonly refusals: readonly ChartRefusal[];
}

/**
 * Makes the charts dir hold every chart version, each with the digest the lock records (or,
 * with updateLock, records what was pulled). A chart is pulled into a scratch folder first and
 * moved into place only when accepted, so a refused or failed pull leaves nothing behind.
 */
export async function pullCharts(options: PullChartsOptions): Promise<PullChartsResult> {
  mkdirSync(options.chartsDir, { recursive: true });
  const charts: PulledChart[] = [];
  const refusals: ChartRefusal[] = [];
  for (const ref of distinct(options.charts)) {
    try {
      const pulled = await pullChart(ref, options);
      charts.push(pulled);
      options.log?.(`  ${ref.chart} ${ref.version}  ${pulled.status}  ${pulled.digest}`);
    } catch (error) {
      if (!(error instanceof ChartRefusal)) throw error;
      refusals.push(error);
      options.log?.(`  ${ref.chart} ${ref.version}  refused`);
    }
  }
  return { charts, refusals };
}

async function pullChart(ref: HelmChartRef, options: PullChartsOptions): Promise<PulledChart> {
  const { chart, version } = ref;
  const target = path.join(options.chartsDir, chartFolder(chart, version));
  const expected = options.lock.digestOf(chart, version);
  if (existsSync(path.join(target, 'Chart.yaml')) && !options.updateLock) {
    const present = chartDigest(target);
    if (present === expected) return { chart, version, digest: present, status: 'present' };
    if (expected === undefined) throw notLocked(chart, version, options.lock.file);
    throw digestMismatch(`the copy in ${target}`, chart, version, options.lock.file, expected, present, `Delete ${target} and run npm run charts again to pull the chart afresh.`);
  }

  const scratch = mkdtempSync(path.join(options.chartsDir, `.pull-${chartFolder(chart, version)}-`));
  try {
    const args = pullArgs(ref, scratch);
    try {
      await runHelm(options.helm.path, args);
    } catch (error) {
      throw new ChartRefusal(`${chart} ${version}: cannot pull from ${ref.repoURL} (npm run charts needs access to the chart repository): ${error instanceof Error ? error.message : String(error)}`);
    }
    const extracted = path.join(scratch, chart);
    if (!existsSync(path.join(extracted, 'Chart.yaml'))) throw new ChartRefusal(`${chart} ${version}: helm pull from ${ref.repoURL} did not produce ${chart}/Chart.yaml`);
    const digest = chartDigest(extracted);
    if (!options.updateLock) {
      if (expected === undefined) throw notLocked(chart, version, options.lock.file);
      if (digest !== expected) {
        throw digestMismatch(`the chart pulled from ${ref.repoURL}`, chart, version, options.lock.file, expected, digest, 'Nothing was kept. Find out why before trusting it; if the new content is legitimate, review it and run npm run charts -- --update-lock, then commit the lock file.');
      }
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(extracted, target);
    return { chart, version, digest, status: 'pulled' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `helm pull` as Argo CD's repo-server runs it (util/helm/cmd.go Fetch and PullOCI), plus --untar:
 * the chart repository form with --repo, or oci://<registry path>/<chart> when repoURL is an OCI
 * registry path (no scheme, Argo CD's IsHelmOciRepo).
 */
export function pullArgs(ref: HelmChartRef, destination: string): string[] {
  const problem = helmRepositoryProblem(ref.repoURL);
  if (problem !== undefined) throw new ChartRefusal(`${ref.chart} ${ref.version}: ${problem}`);
  if (isOciRegistry(ref.repoURL)) {
    return ['pull', ociChartReference(ref), '--version', ref.version, '--destination', destination, '--untar'];
  }
  return ['pull', '--destination', destination, '--version', ref.version, '--repo', ref.repoURL, ref.chart, '--untar'];
}

function distinct(charts: readonly HelmChartRef[]): HelmChartRef[] {
  const seen = new Map<string, HelmChartRef>();
  for (const ref of charts) seen.set(`${ref.chart}\0${ref.version}`, ref);
  return [...seen.values()].sort((a, b) => (a.chart < b.chart ? -1 : a.chart > b.chart ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}
