import type { ChartFacts } from './chart-facts';
import type { HelmChartRef } from './versions';

/**
 * An upstream Helm chart installed by a component's Argo CD Application, with typed values.
 * `V` is the component's own values interface: it lists exactly the keys this project sets, so
 * a typo is a compile error instead of a silently ignored value.
 */
export interface HelmSource<V extends object> {
  /** Chart, repository and exact version, from HELM_CHARTS. */
  readonly chart: HelmChartRef;
  /** Helm release name; set explicitly so resource names never depend on the Application name. */
  readonly releaseName: string;
  /** Rendered into the Application as helm.valuesObject (reviewable in dist/, no extra file). */
  readonly values: V;
  /**
   * What the chart brings for these values (CRDs, custom resources, webhooks, scraped ports,
   * pods above restricted, images): computed from `values` by the component's facts function,
   * so the check sees the chart's objects although Argo CD renders them (charts/lib/chart-facts.ts).
   */
  readonly facts: ChartFacts;
}
