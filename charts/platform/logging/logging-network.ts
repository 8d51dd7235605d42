import type { LoggingConfig } from '../../../src/config/platform/logging';
import { LOGGING_NAMESPACE, MONITORING_NAMESPACE } from '../../lib/platform-names';
import { apiServerEgress, externalEgress, metricsIngress, tcp, urlPort, withinNamespace } from '../../lib/platform-network-allows';
import { peer, type NetworkAllow } from '../../lib/platform-network-policy';

/** Container port of Loki's gateway (gateway.containerPort): pushes and queries go through it. */
export const LOKI_GATEWAY_PORT = 8080;
/** Loki's HTTP port (loki.server.http_listen_port): metrics. */
export const LOKI_HTTP_PORT = 3100;
/** The memcached exporter next to each cache (memcachedExporter, port http-metrics): the caches' metrics. */
export const MEMCACHED_EXPORTER_PORT = 9150;

/** Loki's flows: pushes from the shipper, queries from Grafana, its own ring, object storage. */
export function lokiNetworkAllows(config: LoggingConfig['loki'], logShipperNamespace: string, apiServerCidrs: readonly string[]): NetworkAllow[] {
  const storagePort = urlPort(config.storage.endpoint);
  return [
    ...withinNamespace(LOGGING_NAMESPACE),
    { name: 'push-from-log-shipper', direction: 'Ingress', peers: [peer.namespace(logShipperNamespace)], ports: tcp(LOKI_GATEWAY_PORT), why: 'Alloy pushes logs to the gateway' },
    { name: 'queries-from-grafana', direction: 'Ingress', peers: [peer.namespace(MONITORING_NAMESPACE)], ports: tcp(LOKI_GATEWAY_PORT), why: 'Grafana queries logs through the gateway' },
    // The chart's ServiceMonitor also scrapes the caches' exporters when the caches run.
    metricsIngress(config.cachesEnabled ? [LOKI_HTTP_PORT, MEMCACHED_EXPORTER_PORT] : [LOKI_HTTP_PORT]),
    // The rules sidecar reads ConfigMaps from the API.
    apiServerEgress(apiServerCidrs),
    externalEgress('object-storage', tcp(storagePort), `chunks and index in the bucket at ${config.storage.endpoint} (a host name, so any address on ${storagePort})`),
  ];
}
