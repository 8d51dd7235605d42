import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../render/rendered-object';
import { chartDigest } from './chart-digest';
import type { ChartLock } from './chart-lock';
import { digestMismatch, notLocked } from './chart-refusal';
import { chartFolder } from './charts-dir';
import type { HelmTool } from './helm-tool';
import type { HelmRenderRequest } from './helm-render-request';
import { parseManifests } from './parse-manifests';
import { renderKey, type RenderCache } from './render-cache';
import { runHelm } from './run-helm';
import { templateArgs } from './template-args';

/** The objects one Helm source of one Application renders to. */
export interface HelmRender {
  readonly request: HelmRenderRequest;
  /** Content digest of the chart that was rendered (equal to the lock's). */
  readonly chartDigest: string;
  readonly objects: readonly KubeObject[];
  /** Served from the render cache (helm did not run). */
  readonly cached: boolean;
}

export interface RenderChartOptions {
  readonly helm: HelmTool;
  /** Directory holding <chart>-<version>/ folders (charts-dir.ts). */
  readonly chartsDir: string;
  readonly lock: ChartLock;
  readonly cache: RenderCache;
}

/**
 * Renders one request like Argo CD's repo-server: the chart from the charts dir (refused unless
 * its content is the locked digest), `helm template` with Argo CD's arguments, output parsed.
 */
export async function renderChart(request: HelmRenderRequest, options: RenderChartOptions): Promise<HelmRender> {
  const where = `${request.environment}: Application ${request.application}: chart ${request.chart} ${request.version}`;
  const chartDir = path.join(options.chartsDir, chartFolder(request.chart, request.version));
  const digest = verifiedDigest(request, chartDir, options.lock);
  const key = renderKey({ request, chartDigest: digest, helmVersion: options.helm.version });
  const cached = options.cache.read(key);
  if (cached !== undefined) return { request, chartDigest: digest, objects: cached, cached: true };

  const scratch = mkdtempSync(path.join(tmpdir(), 'gitops-helm-values-'));
  try {
    let valuesFile: string | undefined;
    if (Object.keys(request.values).length > 0) {
      // JSON is YAML that no YAML 1.1 reader can misread (Argo CD writes the valuesObject as YAML).
      valuesFile = path.join(scratch, 'values.json');
      writeFileSync(valuesFile, JSON.stringify(request.values));
    }
    let stdout: string;
    try {
      ({ stdout } = await runHelm(options.helm.path, templateArgs(request, chartDir, valuesFile)));
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const objects = parseManifests(stdout, where);
    options.cache.write(key, objects);
    return { request, chartDigest: digest, objects, cached: false };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The chart's digest, after checking it is the pulled chart it claims to be and the locked one. */
function verifiedDigest(request: HelmRenderRequest, chartDir: string, lock: ChartLock): string {
  const { chart, version } = request;
  const chartYaml = path.join(chartDir, 'Chart.yaml');
  if (!existsSync(chartYaml)) {
    throw new Error(`${request.environment}: Application ${request.application}: chart ${chart} ${version} is not in ${path.dirname(chartDir)} (no ${chartFolder(chart, version)}/Chart.yaml): run npm run charts (needs internet), or set GITOPS_CHARTS_DIR to a directory of pulled charts`);
  }
  const metadata = parse(readFileSync(chartYaml, 'utf8')) as { name?: unknown; version?: unknown } | null;
  // helm resolves --version as a semver constraint, so targetRevision v1.2.3 pulls version 1.2.3.
  const versionMatches = [version, version.replace(/^v/, '')].includes(String(metadata?.version));
  if (metadata?.name !== chart || !versionMatches) {
    throw new Error(`${chartYaml}: says ${String(metadata?.name)} ${String(metadata?.version)}, expected ${chart} ${version}: the folder holds another chart; delete it and run npm run charts`);
  }
  const expected = lock.digestOf(chart, version);
  if (expected === undefined) throw notLocked(chart, version, lock.file);
  const got = chartDigest(chartDir);
  if (got !== expected) {
    throw digestMismatch(`the chart in ${chartDir}`, chart, version, lock.file, expected, got, `Delete ${chartDir} and run npm run charts to pull the reviewed chart again; if the content change is intended, review it and run npm run charts -- --update-lock.`);
  }
  return got;
}
