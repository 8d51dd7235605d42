import type { CertManagerConfig } from '../../../src/config/platform/cert-manager';
import { apiServerEgress, DNS_PORTS, externalEgress, metricsIngress, tcp, webhookIngress } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** cert-manager's webhook port (chart value webhook.securePort). */
export const CERT_MANAGER_WEBHOOK_PORT = 10250;
/** Metrics port of controller, webhook and cainjector (http-metrics). */
export const CERT_MANAGER_METRICS_PORT = 9402;

/** cert-manager's flows on top of its namespace's default-deny. */
export function certManagerNetworkAllows(config: CertManagerConfig, apiServerCidrs: readonly string[]): NetworkAllow[] {
  const allows: NetworkAllow[] = [
    apiServerEgress(apiServerCidrs),
    webhookIngress(apiServerCidrs, CERT_MANAGER_WEBHOOK_PORT),
    metricsIngress([CERT_MANAGER_METRICS_PORT]),
    // ACME directory and the DNS provider's API are host names behind CDNs: any address, 443 only.
    externalEgress('acme-and-dns-api', tcp(443), 'ACME server and DNS provider API (host names behind CDNs, so any address on 443)'),
    // Before presenting a challenge, cert-manager queries the zone's authoritative nameservers
    // itself (DNS-01 self check), which are outside the cluster and not known in advance.
    externalEgress('dns01-self-check', DNS_PORTS, 'DNS-01 propagation check against the zone\'s authoritative nameservers'),
  ];
  const rfc2136 = config.dns01.rfc2136;
  if (rfc2136) {
    const port = Number(rfc2136.nameserver.slice(rfc2136.nameserver.lastIndexOf(':') + 1));
    if (port !== 53) allows.push(externalEgress('rfc2136', [{ port, protocol: 'UDP' }, { port, protocol: 'TCP' }], `RFC2136 updates to ${rfc2136.nameserver}`));
  }
  return allows;
}
