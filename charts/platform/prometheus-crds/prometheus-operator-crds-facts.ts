import { chartFacts, upstreamCrd, type ChartFacts, type CrdFact } from '../../lib/chart-facts';

/**
 * The prometheus-operator v0.93 CRDs (prometheus-operator-crds 31.0.1 and kube-prometheus-stack
 * 88.5.3 bundle v0.93.1; the pinned copies are v0.93.0, whose schemas are identical per
 * ../shared/upstream/SOURCES.md).
 */
export const PROMETHEUS_OPERATOR_CRDS: readonly CrdFact[] = [
  upstreamCrd('monitoring.coreos.com', 'AlertmanagerConfig', 359793, 'prometheus-operator/monitoring.coreos.com_alertmanagerconfigs.yaml'),
  upstreamCrd('monitoring.coreos.com', 'Alertmanager', 351238, 'prometheus-operator/monitoring.coreos.com_alertmanagers.yaml'),
  upstreamCrd('monitoring.coreos.com', 'PodMonitor', 41742, 'prometheus-operator/monitoring.coreos.com_podmonitors.yaml'),
  upstreamCrd('monitoring.coreos.com', 'Probe', 41629, 'prometheus-operator/monitoring.coreos.com_probes.yaml'),
  upstreamCrd('monitoring.coreos.com', 'PrometheusAgent', 412580, 'prometheus-operator/monitoring.coreos.com_prometheusagents.yaml'),
  upstreamCrd('monitoring.coreos.com', 'Prometheus', 483496, 'prometheus-operator/monitoring.coreos.com_prometheuses.yaml'),
  upstreamCrd('monitoring.coreos.com', 'PrometheusRule', 8439, 'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml'),
  upstreamCrd('monitoring.coreos.com', 'ScrapeConfig', 375826, 'prometheus-operator/monitoring.coreos.com_scrapeconfigs.yaml'),
  upstreamCrd('monitoring.coreos.com', 'ServiceMonitor', 42397, 'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml'),
  upstreamCrd('monitoring.coreos.com', 'ThanosRuler', 345612, 'prometheus-operator/monitoring.coreos.com_thanosrulers.yaml'),
];

/** One CRD's switch in the chart's values (crds.<plural>.enabled). */
export type PrometheusOperatorCrdsValues = { readonly crds: Readonly<Record<string, { readonly enabled: boolean }>> };

/**
 * What prometheus-operator-crds 31.0.1 renders: the CRDs whose crds.<plural>.enabled is true
 * (every one by default), nothing else.
 */
export function prometheusOperatorCrdsFacts(values: PrometheusOperatorCrdsValues): ChartFacts {
  // The values key is the CRD's plural, which names the pinned file: monitoring.coreos.com_<plural>.yaml.
  const enabled = (crd: CrdFact): boolean => values.crds[/_(\w+)\.yaml$/.exec(crd.measuredFrom)![1]!]?.enabled !== false;
  return chartFacts({
    chartVersion: '31.0.1',
    declaredIn: 'charts/platform/prometheus-crds/prometheus-operator-crds-facts.ts',
    crds: PROMETHEUS_OPERATOR_CRDS.filter(enabled),
    customResources: [],
    webhooks: [],
    scrapes: [],
    pods: [],
    images: [],
    exemptions: [],
  });
}
