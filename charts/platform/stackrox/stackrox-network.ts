import type { StackroxConfig } from '../../../src/config/platform/stackrox';
import { apiServerEgress, externalEgress, metricsIngress, tcp, webhookIngress, withinNamespace } from '../../lib/platform-network-allows';
import { peer, type NetworkAllow } from '../../lib/platform-network-policy';

/** Port Central, Sensor and the admission controller serve on inside their pods. */
const STACKROX_SERVICE_PORT = 8443;
/** Prometheus metrics port of the StackRox services (and of the operator). */
const STACKROX_METRICS_PORT = 9090;
const OPERATOR_METRICS_PORT = 8443;

/** The operator: reconciles Central/SecuredCluster through the API. */
export function stackroxOperatorNetworkAllows(apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [apiServerEgress(apiServerCidrs), metricsIngress([OPERATOR_METRICS_PORT])];
}

/**
 * Sensor, admission control, Scanner and (where hosted) Central. Collector runs with the host's
 * network, where NetworkPolicy does not apply. The services talk among themselves on several
 * ports (chart internals), so within the namespace any port.
 */
export function stackroxNetworkAllows(config: StackroxConfig, namespace: string, apiServerCidrs: readonly string[]): NetworkAllow[] {
  const centralPort = Number(config.centralEndpoint.slice(config.centralEndpoint.lastIndexOf(':') + 1));
  const allows: NetworkAllow[] = [
    ...withinNamespace(namespace),
    apiServerEgress(apiServerCidrs),
    webhookIngress(apiServerCidrs, STACKROX_SERVICE_PORT),
    metricsIngress([STACKROX_METRICS_PORT]),
    // Central is named by host (stackrox.centralEndpoint): any address, only its port.
    externalEgress('central', tcp(centralPort), `Sensor connects to Central at ${config.centralEndpoint} (a host name, so any address on ${centralPort})`),
  ];
  const central = config.central;
  if (central) {
    if (central.exposure === 'loadBalancer') {
      allows.push({ name: 'sensors', direction: 'Ingress', peers: [peer.anywhere()], ports: tcp(STACKROX_SERVICE_PORT), why: 'other clusters\' Sensors reach Central through its LoadBalancer' });
    }
    // The SIEM endpoint and the vulnerability feed (definitions.stackrox.io) are host names on 443
    // (or the SIEM URL's port).
    const siemPort = new URL(central.siem.endpoint).port;
    const ports = [...new Set([443, ...(siemPort ? [Number(siemPort)] : [])])].sort((a, b) => a - b);
    allows.push(externalEgress('central-outbound', tcp(...ports), `Central to the SIEM (${central.siem.endpoint}) and the vulnerability feed`));
  }
  return allows;
}
