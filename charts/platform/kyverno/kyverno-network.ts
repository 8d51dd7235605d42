import { apiServerEgress, externalEgress, metricsIngress, tcp, webhookIngress } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** Kyverno admission controller's webhook port (chart value admissionController.webhookServer.port). */
export const KYVERNO_WEBHOOK_PORT = 9443;
/** Metrics port of every Kyverno controller (metricsService.port). */
export const KYVERNO_METRICS_PORT = 8000;

/** Kyverno's flows on top of its namespace's default-deny. */
export function kyvernoNetworkAllows(apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [
    apiServerEgress(apiServerCidrs),
    webhookIngress(apiServerCidrs, KYVERNO_WEBHOOK_PORT),
    metricsIngress([KYVERNO_METRICS_PORT]),
    // verifyImages fetches signatures from the registries and checks them against Rekor and the
    // Sigstore TUF root: all host names, so any address on 443.
    externalEgress('image-verification', tcp(443), 'image signatures from registries, Rekor and the Sigstore trust root (host names, any address on 443)'),
  ];
}
