import type { App } from 'cdk8s';
import type { ChartFacts } from '../../charts/lib/chart-facts';
import { argoName } from '../../charts/argocd/topology';
import { DistChart } from '../../charts/lib/dist-chart';
import type { EnvironmentConfig } from '../config/environment-config';

/** An upstream Helm chart an Application of the environment installs, with its declared facts. */
export interface DeclaredChart {
  /** The Argo CD Application (and component folder) name. */
  readonly application: string;
  readonly chart: string;
  readonly version: string;
  readonly releaseName: string;
  /** The Application's destination namespace (the release namespace). */
  readonly namespace: string | undefined;
  readonly facts: ChartFacts;
}

/** Folder below dist/<env>/ holding one facts file per Helm-installing Application (synced by none). */
export const CHART_FACTS_FOLDER = 'chart-facts';

/** The Helm charts of a cluster's components, in Application order. */
export function declaredCharts(app: App, environment: EnvironmentConfig): DeclaredChart[] {
  return app.node.children
    .filter(DistChart.isDistChart)
    .flatMap((chart) =>
      chart.helm === undefined
        ? []
        : [{ application: argoName(environment, chart.applicationName), chart: chart.helm.chart.chart, version: chart.helm.chart.version, releaseName: chart.helm.releaseName, namespace: chart.namespace, facts: chart.helm.facts }],
    )
    .sort((a, b) => (a.application < b.application ? -1 : a.application > b.application ? 1 : 0));
}

/**
 * The facts file of one chart: what the Application installs and what its chart brings, as
 * reviewable JSON in dist/, so a pull request (and `npm run diff`) shows a change of facts even
 * where the chart itself cannot be rendered.
 */
export function chartFactsFile(chart: DeclaredChart): [file: string, text: string] {
  const { application, chart: name, version, releaseName, namespace, facts } = chart;
  return [`${CHART_FACTS_FOLDER}/${application}.json`, `${JSON.stringify({ application, chart: name, version, releaseName, namespace: namespace ?? null, facts }, null, 2)}\n`];
}
