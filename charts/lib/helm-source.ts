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
}
