import { availableParallelism } from 'node:os';
import type { KubeObject } from '../render/rendered-object';
import { helmRenderRequests, isApplication, type DestinationCluster, type HelmRenderRequest } from './helm-render-request';
import { renderChart, type HelmRender, type RenderChartOptions } from './render-chart';

/** One environment's Argo CD Applications and the cluster they deploy to. */
export interface EnvironmentApplications extends DestinationCluster {
  /** Every object of the environment's render (only Applications are looked at). */
  readonly objects: readonly KubeObject[];
}

/** The Helm render requests of every Application with a Helm source, in environment, then Application order. */
export function requestsOf(environments: readonly EnvironmentApplications[]): HelmRenderRequest[] {
  return environments.flatMap((environment) =>
    environment.objects
      .filter(isApplication)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
      .flatMap((application) => helmRenderRequests(application, environment)),
  );
}

/**
 * Renders every Helm source of every Application, a few helm processes at a time (one per CPU).
 * Results are in request order. Failures are thrown after every render has finished (so no helm
 * process outlives the call), all of them in one error when there are several.
 */
export async function renderApplications(environments: readonly EnvironmentApplications[], options: RenderChartOptions): Promise<HelmRender[]> {
  return renderRequests(requestsOf(environments), options);
}

/** renderApplications for given requests: results in request order, failures thrown together at the end. */
export async function renderRequests(requests: readonly HelmRenderRequest[], options: RenderChartOptions): Promise<HelmRender[]> {
  const results: HelmRender[] = new Array<HelmRender>(requests.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      try {
        results[index] = await renderChart(requests[index]!, options);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), requests.length) }, worker));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new Error(`${failures.length} Helm renders failed:\n${failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n')}`);
  return results;
}
