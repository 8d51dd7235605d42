import { chartFacts, tagPinnedImage, type ChartFacts } from '../../lib/chart-facts';
import { METRICS_SERVER_PORT } from './metrics-server-network';
import type { MetricsServerValues } from './metrics-server-values';

/**
 * What metrics-server 3.13.1 renders for these values (kubernetes-sigs/metrics-server
 * charts/metrics-server: a Deployment with the image registry.k8s.io/metrics-server/
 * metrics-server:v<appVersion 0.8.1>, restricted by its default securityContext; a Service on 443
 * to the `https` container port 10250; the APIService v1beta1.metrics.k8s.io pointing at that
 * Service, declared as the API server's call into the namespace; no CRD, no ServiceMonitor while
 * serviceMonitor.enabled is false).
 */
export function metricsServerFacts(values: MetricsServerValues, release: string, namespace: string): ChartFacts {
  const image = 'registry.k8s.io/metrics-server/metrics-server:v0.8.1';
  return chartFacts({
    chartVersion: '3.13.1',
    declaredIn: 'charts/platform/metrics-server/metrics-server-facts.ts',
    crds: [],
    customResources: [],
    webhooks: [{ service: release, namespace, port: METRICS_SERVER_PORT }],
    scrapes: values.serviceMonitor.enabled ? [{ namespace, port: METRICS_SERVER_PORT }] : [],
    pods: [],
    images: [image],
    exemptions: [tagPinnedImage(image)],
  });
}
