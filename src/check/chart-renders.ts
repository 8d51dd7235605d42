import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentConfig } from '../config/environment-config';
import { factsOfObjects } from '../helm/chart-facts-of-render';
import { readChartLock, type ChartLock } from '../helm/chart-lock';
import { chartFolder, resolveChartsDir } from '../helm/charts-dir';
import { clusterApiVersions } from '../helm/cluster-api-versions';
import { HELM_BINARY, helmVersionOf, pinnedHelmVersion, type HelmTool } from '../helm/helm-tool';
import { HELM_CACHE_DIR } from '../helm/platform-charts';
import { requestsOf, renderRequests } from '../helm/render-applications';
import { RenderCache } from '../helm/render-cache';
import type { HelmRender } from '../helm/render-chart';
import type { RenderedEnvironment } from '../render/render-environment';
import { declaredInstall, type ChartInstall } from './chart-installs';
import { resolveSchemaDir } from './schema/resolve-schema-dir';
import type { Finding } from './types';

/** What the check knows about the charts: per environment, each Application's chart install. */
export interface ChartsOutcome {
  readonly installs: ReadonlyMap<string, readonly ChartInstall[]>;
  /** Distinct chart versions rendered, of how many installed. */
  readonly renderedCharts: number;
  readonly totalCharts: number;
  /** Objects of every render (all environments). */
  readonly objects: number;
  /** One line for the report. */
  readonly summary: string;
  /** Charts that were at hand but could not be rendered (refused by the lock, helm failed). */
  readonly failures: readonly Finding[];
}

export interface ChartRendersOptions {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly rendered: readonly RenderedEnvironment[];
  readonly configs: readonly EnvironmentConfig[];
  /** The helm to render with. @default the pinned helm in <root>/.cache/bin/helm, when built */
  readonly helm?: HelmTool;
  /** @default charts/lib/charts.lock.json of root */
  readonly lock?: ChartLock;
}

/**
 * Renders every chart that is at hand (the pinned helm built, the chart pulled into the charts
 * dir) like Argo CD would, and reads its facts; every other chart is judged by its declared facts.
 * Nothing is pulled or built here: `npm run check` stays offline.
 */
export async function chartRenders(options: ChartRendersOptions): Promise<ChartsOutcome> {
  const installs = new Map<string, ChartInstall[]>(options.rendered.map((env) => [env.name, env.charts.map(declaredInstall)]));
  const distinct = new Set(options.rendered.flatMap((env) => env.charts.map((c) => `${c.chart}@${c.version}`)));
  const declaredOnly = (why: string): ChartsOutcome => ({ installs, renderedCharts: 0, totalCharts: distinct.size, objects: 0, summary: `declared facts only (${why}); run npm run tools && npm run charts to render`, failures: [] });
  if (distinct.size === 0) return { ...declaredOnly('no Helm charts'), summary: 'no Helm charts installed' };

  const chartsDir = resolveChartsDir(options.root, options.env);
  const atHand = (chart: string, version: string): boolean => existsSync(path.join(chartsDir, chartFolder(chart, version), 'Chart.yaml'));
  const anyAtHand = options.rendered.some((env) => env.charts.some((c) => atHand(c.chart, c.version)));
  if (!anyAtHand) return declaredOnly(`no chart in ${chartsDir}`);
  const helm = options.helm ?? builtHelm(options.root);
  if (typeof helm === 'string') return declaredOnly(helm);
  const schemaDir = resolveSchemaDir({ env: options.env });

  const cacheDir = path.join(options.root, HELM_CACHE_DIR);
  const apiVersions = clusterApiVersions({ schemaDir: schemaDir.dir, cacheDir });
  const requests = requestsOf(
    options.rendered.map((env) => ({
      environment: env.name,
      kubernetesVersion: options.configs.find((c) => c.cluster.distPath === env.name)!.kubernetesVersion,
      apiVersions,
      objects: env.objects.map((o) => o.object),
    })),
  ).filter((request) => atHand(request.chart, request.version));
  const renderOptions = { helm, chartsDir, lock: options.lock ?? readChartLock(options.root), cache: new RenderCache(path.join(cacheDir, 'renders')) };
  const failures: Finding[] = [];
  const renders: HelmRender[] = [];
  // One at a time per request, so one refused chart does not hide the others' renders.
  for (const request of requests) {
    try {
      renders.push(...(await renderRequests([request], renderOptions)));
    } catch (error) {
      failures.push({ rule: 'charts', severity: 'error', file: `dist/${request.environment}/argocd/application-${request.application}.yaml`, message: error instanceof Error ? error.message : String(error), fix: 'Pull the reviewed chart again (npm run charts), or move it out of the charts dir to judge it by its declared facts.' });
    }
  }
  const renderedKeys = new Set<string>();
  let objects = 0;
  for (const render of renders) {
    const list = installs.get(render.request.environment)!;
    const index = list.findIndex((install) => install.application === render.request.application);
    if (index === -1) continue;
    list[index] = { ...list[index]!, rendered: { facts: factsOfObjects(render.objects, render.request.namespace), objects: render.objects.length } };
    renderedKeys.add(`${render.request.chart}@${render.request.version}`);
    objects += render.objects.length;
  }
  const rest = distinct.size - renderedKeys.size;
  const summary = `rendered ${renderedKeys.size} chart${renderedKeys.size === 1 ? '' : 's'} (${renders.length} renders in ${options.rendered.length} environment${options.rendered.length === 1 ? '' : 's'}), ${objects} objects` + (rest > 0 ? `; ${rest} chart${rest === 1 ? '' : 's'} not at hand, judged by declared facts` : '');
  return { installs, renderedCharts: renderedKeys.size, totalCharts: distinct.size, objects, summary, failures };
}

/** The pinned helm when it is built (never builds it: that takes minutes), else why not. */
export function builtHelm(root: string): HelmTool | string {
  const binary = path.join(root, HELM_BINARY);
  if (!existsSync(path.join(root, 'tools', 'go.mod'))) return 'no tools/go.mod pins a helm';
  const version = pinnedHelmVersion(root);
  return helmVersionOf(binary) === version ? { path: binary, version } : `helm ${version} is not built in ${HELM_BINARY}`;
}
