import { Chart, type App } from 'cdk8s';
import type { EnvironmentConfig } from '../src/config/environment-config';
import type { ChildApplication, ChildApplicationSource } from './argocd/child-application';
import { AppOfAppsChart } from './argocd/app-of-apps-chart';
import { projectFor } from './argocd/projects';
import { RootChart } from './argocd/root-chart';
import { argoName } from './argocd/topology';
import type { AppDefinition } from './lib/app-definition';
import { AppDefinitionError } from './lib/app/definition-problems';
import { ApplicationChart } from './lib/application-chart';
import { platformReservations, RESERVED_EXPECTED } from './lib/reserved-names';
import { DistChart } from './lib/dist-chart';
import { rendersObjects } from './lib/kube-objects';
import { buildPlatform } from './platform/build-platform';

export interface EnvironmentProps {
  readonly environment: EnvironmentConfig;
  readonly apps: readonly AppDefinition[];
}

/**
 * Everything one environment renders: platform components, applications, and the Argo CD
 * app-of-apps that syncs them. The app-of-apps is built last from the charts that exist, so a
 * new chart gets its Application without being listed twice.
 */
export function buildEnvironment(app: App, props: EnvironmentProps): void {
  const { environment } = props;
  const apps = [...props.apps].sort((a, b) => a.name.localeCompare(b.name));

  buildPlatform(app, { environment, apps });
  refuseReservedAppNames(app, environment, apps);
  for (const definition of apps) new ApplicationChart(app, { app: definition, environment, apps });

  const children = app.node.children.filter(DistChart.isDistChart).map((chart) => childApplicationOf(chart, environment));
  new AppOfAppsChart(app, { environment, children, appNamespaces: apps.map((a) => a.name) });
  new RootChart(app, { environment });
}

/**
 * An app named like something the platform built (its Application, namespace or a Namespace it
 * renders) would take over or collide with it; refused before any app chart is built.
 */
function refuseReservedAppNames(app: App, environment: EnvironmentConfig, apps: readonly AppDefinition[]): void {
  const reserved = platformReservations(app, environment);
  for (const definition of apps) {
    const owner = reserved.get(definition.name);
    if (owner !== undefined) {
      throw new AppDefinitionError(definition.name, [{ path: ['name'], field: 'name', problem: `reserved: ${owner}`, got: JSON.stringify(definition.name), expected: RESERVED_EXPECTED }]);
    }
  }
}

/** A folder chart's Application: its path is the folder in the committed dist/ tree. */
function childApplicationOf(chart: DistChart, environment: EnvironmentConfig): ChildApplication {
  const sources: ChildApplicationSource[] = [];
  if (chart.helm) {
    const { chart: ref, releaseName, values } = chart.helm;
    sources.push({ type: 'helm', repoURL: ref.repoURL, chart: ref.chart, version: ref.version, releaseName, values });
  }
  // A Helm-only component renders no folder, and an Application must never point at an empty one.
  if (hasOwnObjects(chart)) sources.push({ type: 'path', path: `dist/${environment.cluster.distPath}/${chart.folder}` });
  return {
    name: argoName(environment, chart.applicationName),
    project: projectFor(chart.layer),
    syncWave: chart.syncWave,
    destinationNamespace: chart.namespace,
    sources,
    syncOptions: chart.syncOptions,
    keepResourcesOnDelete: chart.keepResourcesOnDelete,
  };
}

function hasOwnObjects(chart: DistChart): boolean {
  return chart.node.findAll().some((c) => rendersObjects(c) && Chart.of(c) === chart);
}
