import { chartFacts, MONITORING_KINDS, tagPinnedImage, type ChartFacts } from '../../lib/chart-facts';
import { LOGGING_NAMESPACE } from '../../lib/platform-names';
import type { LokiValues } from './loki-values';
import { LOKI_HTTP_PORT, MEMCACHED_EXPORTER_PORT } from './logging-network';

/**
 * What the grafana-community loki 18.11.0 chart renders for these values (charts/loki: one
 * ServiceMonitor per Loki component behind monitoring.serviceMonitor.enabled, on http-metrics
 * 3100, and for the chunks and results caches (memcached StatefulSets, behind
 * chunksCache/resultsCache.enabled) on the exporter's http-metrics 9150; no CRDs, no webhook;
 * every pod runs restricted (uid 10001, RuntimeDefault seccomp); images from values.yaml).
 */
export function lokiFacts(values: LokiValues): ChartFacts {
  const caches = values.chunksCache.enabled || values.resultsCache.enabled;
  const monitored = values.monitoring.serviceMonitor.enabled;
  const images = [
    'docker.io/grafana/loki:3.7.6',
    'docker.io/nginxinc/nginx-unprivileged:1.31-alpine',
    // sidecar.rules.enabled (the default): loads rules from ConfigMaps into the ruler.
    'docker.io/kiwigrid/k8s-sidecar:2.10.1',
    ...(caches ? ['docker.io/library/memcached:1.6.45-alpine', 'docker.io/prom/memcached-exporter:v0.17.0'] : []),
  ];
  return chartFacts({
    chartVersion: '18.11.0',
    declaredIn: 'charts/platform/logging/loki-facts.ts',
    crds: [],
    customResources: monitored ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [],
    scrapes: monitored ? [{ namespace: LOGGING_NAMESPACE, port: LOKI_HTTP_PORT }, ...(caches ? [{ namespace: LOGGING_NAMESPACE, port: MEMCACHED_EXPORTER_PORT }] : [])] : [],
    pods: [],
    images,
    exemptions: images.map((image) => tagPinnedImage(image)),
  });
}
