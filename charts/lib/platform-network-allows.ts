import { MONITORING_NAMESPACE } from './platform-names';
import { peer, type NetworkAllow, type NetworkPort } from './platform-network-policy';

/** Flows several platform components share; each component picks its own in its folder. */

/** TCP ports. */
export const tcp = (...ports: number[]): NetworkPort[] => ports.map((port) => ({ port }));

/** DNS on UDP and TCP 53. */
export const DNS_PORTS: readonly NetworkPort[] = [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }];

/**
 * Operators watch and write the Kubernetes API. 443 and 6443: the API server listens on one of
 * them depending on the distribution, and pods see the endpoint port after Service translation.
 */
export function apiServerEgress(apiServerCidrs: readonly string[]): NetworkAllow {
  return { name: 'api-server', direction: 'Egress', peers: [peer.cidrs(apiServerCidrs)], ports: tcp(443, 6443), why: 'controllers watch and update the Kubernetes API (endpoints from network.apiServerCidrs)' };
}

/** The API server calls admission/conversion webhooks on the pod's port (not the Service port). */
export function webhookIngress(apiServerCidrs: readonly string[], port: number, podLabels?: Readonly<Record<string, string>>): NetworkAllow {
  return {
    name: 'webhook',
    direction: 'Ingress',
    peers: [peer.cidrs(apiServerCidrs)],
    ports: tcp(port),
    ...(podLabels ? { podLabels } : {}),
    why: `the API server calls the admission webhook on container port ${port}`,
  };
}

/** Prometheus (monitoring namespace) scrapes the component's metrics ports. */
export function metricsIngress(ports: readonly number[]): NetworkAllow {
  return { name: 'metrics', direction: 'Ingress', peers: [peer.namespace(MONITORING_NAMESPACE)], ports: tcp(...ports), why: `Prometheus scrapes metrics on ${ports.join(', ')}` };
}

/**
 * Pods of the namespace talk among themselves on any port (one component's own parts: ring
 * membership, gRPC between tiers). The ports are the chart's internals and change between versions.
 */
export function withinNamespace(namespace: string): NetworkAllow[] {
  const why = 'the component\'s own pods talk to each other (ports are chart internals)';
  return [
    { name: 'same-namespace-ingress', direction: 'Ingress', peers: [peer.namespace(namespace)], why },
    { name: 'same-namespace-egress', direction: 'Egress', peers: [peer.namespace(namespace)], why },
  ];
}

/**
 * An endpoint outside the cluster known only by host name: NetworkPolicy cannot match names, so
 * any address on the given ports. In-cluster pods reachable that way still have their own
 * default-deny ingress.
 */
export function externalEgress(name: string, ports: readonly NetworkPort[], why: string): NetworkAllow {
  return { name, direction: 'Egress', peers: [peer.anywhere()], ports, why };
}

/** Port of an http(s) URL from the overlay (explicit, or the scheme's default). */
export function urlPort(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol === 'http:' ? 80 : 443;
}
