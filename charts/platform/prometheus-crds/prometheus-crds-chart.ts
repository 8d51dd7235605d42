import type { Construct } from 'constructs';
import { DistChart } from '../../lib/dist-chart';
import { HELM_CHARTS } from '../../lib/versions';
import { prometheusOperatorCrdsFacts, type PrometheusOperatorCrdsValues } from './prometheus-operator-crds-facts';

/**
 * Argo CD sync wave: before every component whose chart renders ServiceMonitors, PodMonitors or
 * PrometheusRules (External Secrets at -5, cert-manager and Kyverno at -4, ingress at -3).
 */
export const PROMETHEUS_CRDS_SYNC_WAVE = -6;

/**
 * The prometheus-operator CRDs on their own (the prometheus-operator-crds chart), so that every
 * component can ship its ServiceMonitors and PrometheusRules in its own wave; kube-prometheus-stack
 * no longer installs them (crds.enabled: false). Server-side apply: Prometheus, Alertmanager and
 * four more of these CRDs exceed the 262,144-byte last-applied-configuration limit.
 */
export class PrometheusCrdsChart extends DistChart {
  constructor(scope: Construct) {
    // Every CRD the chart has (its defaults), named so the Application shows the choice.
    const values: PrometheusOperatorCrdsValues = { crds: Object.fromEntries(['alertmanagerconfigs', 'alertmanagers', 'podmonitors', 'probes', 'prometheusagents', 'prometheuses', 'prometheusrules', 'scrapeconfigs', 'servicemonitors', 'thanosrulers'].map((plural) => [plural, { enabled: true }])) };
    super(scope, 'prometheus-crds', {
      layer: 'platform',
      syncWave: PROMETHEUS_CRDS_SYNC_WAVE,
      syncOptions: ['ServerSideApply=true'],
      helm: { chart: HELM_CHARTS.prometheusOperatorCrds, releaseName: 'prometheus-operator-crds', values, facts: prometheusOperatorCrdsFacts(values) },
    });
  }
}
