import type { ChartFacts } from '../../charts/lib/chart-facts';
import type { ObservedFacts } from '../helm/chart-facts-of-render';
import type { DeclaredChart } from '../render/declared-charts';

/**
 * One upstream Helm chart an Application installs, as the check sees it: the facts the component
 * declares and, when the chart is at hand, the facts read from its real render. Rules about what
 * charts bring read `facts` (the render when there is one, else the declaration), so a rule
 * finds the same things either way as long as declaration and render agree, which rule
 * chart-facts-match checks.
 */
export interface ChartInstall {
  readonly application: string;
  readonly chart: string;
  /** The chart version the component pins (the Application's targetRevision). */
  readonly version: string;
  /** The release namespace (the Application's destination). */
  readonly namespace: string | undefined;
  readonly declared: ChartFacts;
  /** The facts of the real render; undefined when the chart was not at hand. */
  readonly rendered?: { readonly facts: ObservedFacts; readonly objects: number };
}

/** The facts rules judge: the render's when at hand, else the declared ones. */
export function effectiveFacts(install: ChartInstall): ObservedFacts {
  return install.rendered?.facts ?? install.declared;
}

export function declaredInstall(chart: DeclaredChart): ChartInstall {
  return { application: chart.application, chart: chart.chart, version: chart.version, namespace: chart.namespace, declared: chart.facts };
}
