import { chartFacts, MONITORING_KINDS, tagPinnedImage, type ChartFacts } from '../../lib/chart-facts';
import type { AlloyValues } from './alloy-values';
import { ALLOY_PORT } from './log-shipper-network';

/**
 * What grafana/alloy 1.11.1 renders for these values (operations/helm/charts/alloy: the PodLogs
 * CRD subchart behind crds.create; the ServiceMonitor behind serviceMonitor.enabled on the
 * http-metrics port alloy.listenPort 12345; a DaemonSet with the varlog hostPath mount; the
 * config reloader's image carries its digest in its tag value).
 */
export function alloyFacts(values: AlloyValues, release: string, namespace: string): ChartFacts {
  const image = 'docker.io/grafana/alloy:v1.18.1';
  return chartFacts({
    chartVersion: '1.11.1',
    declaredIn: 'charts/platform/logging/alloy-facts.ts',
    crds: values.crds.create ? [{ group: 'monitoring.grafana.com', kind: 'PodLogs', bytes: 20000, measuredFrom: 'estimate: the PodLogs subchart, not in ../shared/upstream/crds' }] : [],
    customResources: values.serviceMonitor.enabled ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [],
    scrapes: values.serviceMonitor.enabled ? [{ namespace, port: ALLOY_PORT }] : [],
    pods: values.alloy.mounts.varlog
      ? [{ workload: `${values.controller.type === 'daemonset' ? 'DaemonSet' : 'Deployment'}/${release}`, namespace, level: 'privileged', reason: 'hostPath mount of /var/log (the pod log files)' }]
      : [],
    images: [image, 'quay.io/prometheus-operator/prometheus-config-reloader:v0.91.0@sha256:7d9e4eea5f1139e602508871f422b0116c60e87c662f3dcd234d5ab60cd0d8c1'],
    exemptions: [tagPinnedImage(image)],
  });
}
