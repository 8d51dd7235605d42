import type { ExternalSecretsConfig } from '../../../src/config/platform/external-secrets';
import { apiServerEgress, externalEgress, metricsIngress, tcp, urlPort, webhookIngress } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** ESO webhook port (chart value webhook.port). */
export const EXTERNAL_SECRETS_WEBHOOK_PORT = 10250;
/** Metrics port of controller, webhook and cert-controller (metrics.listen.port). */
export const EXTERNAL_SECRETS_METRICS_PORT = 8080;

/** External Secrets' flows on top of its namespace's default-deny. */
export function externalSecretsNetworkAllows(config: ExternalSecretsConfig, apiServerCidrs: readonly string[]): NetworkAllow[] {
  const vaultPort = urlPort(config.vault.server);
  return [
    apiServerEgress(apiServerCidrs),
    webhookIngress(apiServerCidrs, EXTERNAL_SECRETS_WEBHOOK_PORT),
    metricsIngress([EXTERNAL_SECRETS_METRICS_PORT]),
    // Vault is named by host (externalSecrets.vault.server): any address, only Vault's port.
    externalEgress('vault', tcp(vaultPort), `Vault at ${config.vault.server} (a host name, so any address on port ${vaultPort})`),
  ];
}
