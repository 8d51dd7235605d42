import type { IngressController } from '../../lib/platform-names';
import type { AppDefinition } from '../../lib/app-definition';
import { apiServerEgress, metricsIngress, tcp, webhookIngress } from '../../lib/platform-network-allows';
import { peer, type NetworkAllow } from '../../lib/platform-network-policy';

/** Container ports of each controller (ingress-nginx controller.containerPort, Traefik ports.web/websecure.port). */
export const INGRESS_PORTS: Record<IngressController, { readonly http: number; readonly https: number; readonly metrics: number; readonly webhook?: number }> = {
  'ingress-nginx': { http: 80, https: 443, metrics: 10254, webhook: 8443 },
  traefik: { http: 8000, https: 8443, metrics: 9100 },
};

/**
 * The ingress tier's flows: clients from anywhere on HTTP/HTTPS (the container ports behind the
 * LoadBalancer Service), and out to the exposed apps on their ports only.
 */
export function ingressNetworkAllows(controller: IngressController, apps: readonly AppDefinition[], apiServerCidrs: readonly string[]): NetworkAllow[] {
  const ports = INGRESS_PORTS[controller];
  const allows: NetworkAllow[] = [
    { name: 'clients', direction: 'Ingress', peers: [peer.anywhere()], ports: tcp(ports.http, ports.https), why: 'clients from anywhere on HTTP and HTTPS (container ports behind the LoadBalancer Service)' },
    apiServerEgress(apiServerCidrs),
    metricsIngress([ports.metrics]),
  ];
  if (ports.webhook !== undefined) allows.push(webhookIngress(apiServerCidrs, ports.webhook));
  const appPorts = [...new Set(apps.filter((app) => app.expose).map((app) => app.port))].sort((a, b) => a - b);
  if (appPorts.length > 0) {
    allows.push({
      name: 'to-apps',
      direction: 'Egress',
      peers: [peer.tenantNamespaces()],
      ports: tcp(...appPorts),
      why: 'proxied requests to the exposed apps\' ports (each app namespace admits only its own port)',
    });
  }
  return allows;
}
