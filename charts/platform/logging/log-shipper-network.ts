import { LOGGING_NAMESPACE } from '../../lib/platform-names';
import { apiServerEgress, metricsIngress, tcp } from '../../lib/platform-network-allows';
import { peer, type NetworkAllow } from '../../lib/platform-network-policy';
import { LOKI_GATEWAY_PORT } from './logging-network';

/** Alloy's HTTP port (alloy.listenPort): metrics and UI. */
export const ALLOY_PORT = 12345;

/** Alloy's flows: pod discovery from the API, pushes to Loki's gateway, scrapes of its metrics. */
export function logShipperNetworkAllows(apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [
    apiServerEgress(apiServerCidrs),
    { name: 'push-to-loki', direction: 'Egress', peers: [peer.namespace(LOGGING_NAMESPACE)], ports: tcp(LOKI_GATEWAY_PORT), why: 'log pushes to Loki\'s gateway' },
    metricsIngress([ALLOY_PORT]),
  ];
}
