import path from 'node:path';
import { resolveSchemaDir } from '../check/schema/resolve-schema-dir';
import { renderAll } from '../synth-pipeline';
import { readChartLock, type ChartLock } from './chart-lock';
import { resolveChartsDir } from './charts-dir';
import { clusterApiVersions } from './cluster-api-versions';
import type { HelmTool } from './helm-tool';
import { renderApplications } from './render-applications';
import { RenderCache } from './render-cache';
import type { HelmRender } from './render-chart';

/** Where parsed renders and the derived API versions are kept between runs, below the repository root. */
export const HELM_CACHE_DIR = path.join('.cache', 'helm');

export interface RenderPlatformChartsOptions {
  readonly repoRoot: string;
  readonly helm: HelmTool;
  /** Render only these environments (all when empty or undefined). */
  readonly only?: readonly string[];
  /** GITOPS_CHARTS_DIR and GITOPS_SCHEMA_DIR are read from here. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default charts/lib/charts.lock.json of repoRoot */
  readonly lock?: ChartLock;
  /** Where renders and derived API versions are kept. @default <repoRoot>/.cache/helm */
  readonly cacheDir?: string;
}

/**
 * Renders the repository's environments in memory, then every Helm source of their Argo CD
 * Applications as Argo CD would for the environment's cluster: its Kubernetes version from
 * overlays/<env>/environment.yaml, its API versions from the schema dir the check uses, charts
 * from the charts dir checked against charts/lib/charts.lock.json.
 */
export async function renderPlatformCharts(options: RenderPlatformChartsOptions): Promise<HelmRender[]> {
  const { repoRoot } = options;
  const env = options.env ?? process.env;
  const schemaDir = resolveSchemaDir({ env });
  const cacheDir = options.cacheDir ?? path.join(repoRoot, HELM_CACHE_DIR);
  const apiVersions = clusterApiVersions({ schemaDir: schemaDir.dir, cacheDir });
  const { rendered, configs } = await renderAll({ root: repoRoot, only: options.only });
  const environments = rendered.map((environment) => ({
    environment: environment.name,
    kubernetesVersion: configs.find((config) => config.cluster.distPath === environment.name)!.kubernetesVersion,
    apiVersions,
    objects: environment.objects.map((rendered) => rendered.object),
  }));
  return renderApplications(environments, {
    helm: options.helm,
    chartsDir: resolveChartsDir(repoRoot, env),
    lock: options.lock ?? readChartLock(repoRoot),
    cache: new RenderCache(path.join(cacheDir, 'renders')),
  });
}
