import { PROMETHEUS_OPERATOR_CRDS } from '../prometheus-crds/prometheus-operator-crds-facts';
import { chartFacts, MONITORING_KINDS, tagPinnedImage, type ChartFacts } from '../../lib/chart-facts';
import { MONITORING_NAMESPACE } from '../../lib/platform-names';
import type { KubePrometheusStackValues } from './kube-prometheus-stack-values';
import { CONTROL_PLANE_PORTS, NODE_EXPORTER_PORT, PROMETHEUS_OPERATOR_WEBHOOK_PORT } from './monitoring-network';

/** CoreDNS's metrics port: its kube-system Service and ServiceMonitor are rendered on every control plane. */
const COREDNS_METRICS_PORT = 9153;

/**
 * Ports the chart's kube-system Services (numeric targetPorts) point its ServiceMonitors at:
 * CoreDNS always, each control-plane component only where its `<component>.enabled` is on.
 */
function kubeSystemPorts(values: KubePrometheusStackValues): number[] {
  return [
    COREDNS_METRICS_PORT,
    ...(values.kubeControllerManager.enabled ? [CONTROL_PLANE_PORTS.kubeControllerManager] : []),
    ...(values.kubeScheduler.enabled ? [CONTROL_PLANE_PORTS.kubeScheduler] : []),
    ...(values.kubeEtcd.enabled ? [CONTROL_PLANE_PORTS.etcd] : []),
    ...(values.kubeProxy.enabled ? [CONTROL_PLANE_PORTS.kubeProxy] : []),
  ];
}

/** Ports scraped in the monitoring namespace: Prometheus, Alertmanager, their config reloaders, the operator, Grafana, kube-state-metrics. */
const MONITORING_PORTS = [9090, 9093, 8080, PROMETHEUS_OPERATOR_WEBHOOK_PORT, 3000];

/**
 * What kube-prometheus-stack 88.5.3 renders for these values (charts/kube-prometheus-stack: the
 * crds subchart behind crds.enabled; Prometheus, Alertmanager, ServiceMonitors and the default
 * PrometheusRules; the operator's admission webhooks on Service <release>-operator, port https =
 * prometheusOperator.tls.internalPort, with kube-webhook-certgen hook Jobs; Grafana 12.11.1,
 * kube-state-metrics 8.4.0 and prometheus-node-exporter 4.56.1 as subcharts). The two subcharts'
 * image tags are not in the upstream data: see docs/decisions/chart-facts.md.
 */
export function kubePrometheusStackFacts(values: KubePrometheusStackValues, release: string): ChartFacts {
  const nodeExporterNamespace = values['prometheus-node-exporter'].namespaceOverride;
  const images = [
    'quay.io/prometheus-operator/prometheus-operator:v0.93.1',
    'ghcr.io/jkroepke/kube-webhook-certgen:1.8.7',
    'docker.io/grafana/grafana:13.2.0',
    'quay.io/kiwigrid/k8s-sidecar:2.10.1',
    'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.18.0',
    'quay.io/prometheus/node-exporter:v1.10.2',
  ];
  return chartFacts({
    chartVersion: '88.5.3',
    declaredIn: 'charts/platform/monitoring/kube-prometheus-stack-facts.ts',
    // With crds.enabled the chart would install the prometheus-operator CRDs itself, in this
    // Application's wave; they come from the prometheus-crds component instead (earlier wave).
    crds: values.crds.enabled ? PROMETHEUS_OPERATOR_CRDS : [],
    customResources: [MONITORING_KINDS.serviceMonitor, MONITORING_KINDS.prometheusRule, { group: 'monitoring.coreos.com', kind: 'Prometheus' }, { group: 'monitoring.coreos.com', kind: 'Alertmanager' }],
    webhooks: [{ service: `${release}-operator`, namespace: MONITORING_NAMESPACE, port: PROMETHEUS_OPERATOR_WEBHOOK_PORT }],
    scrapes: [
      ...MONITORING_PORTS.map((port) => ({ namespace: MONITORING_NAMESPACE, port })),
      { namespace: nodeExporterNamespace, port: NODE_EXPORTER_PORT },
      ...kubeSystemPorts(values).map((port) => ({ namespace: 'kube-system', port })),
    ],
    pods: [{ workload: `DaemonSet/${release}-prometheus-node-exporter`, namespace: nodeExporterNamespace, level: 'privileged', reason: 'hostNetwork, hostPID and a read-only hostPath mount of /' }],
    images,
    exemptions: images.map((image) => tagPinnedImage(image)),
  });
}
