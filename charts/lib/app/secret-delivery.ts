import type { PlatformConfig } from '../../../src/config/platform-schema';
import type { AppDefinition } from '../app-definition';

/**
 * How an app's `secrets` reach its pods in one environment:
 * - `external-secrets`: a Secret External Secrets syncs from Vault through the app's own
 *   SecretStore (a value the kubelet, etcd and cluster admins can read);
 * - `attestation-broker`: a confidential app where the overlay configures remote attestation
 *   (`tee.attestation`): a Secret of sealed references only, each resolved inside the TEE by the
 *   Confidential Data Hub from the Key Broker Service after the guest proved what it runs. A value
 *   outside the TEE would defeat it, so such an app gets no ExternalSecret, no SecretStore and no
 *   Vault access at all (docs/decisions/confidential-workloads.md);
 * - `none`: the app declares no secrets.
 */
export type SecretDelivery = 'none' | 'external-secrets' | 'attestation-broker';

export function secretDelivery(app: AppDefinition, platform: PlatformConfig): SecretDelivery {
  if ((app.secrets ?? []).length === 0) return 'none';
  return app.confidential && platform.tee?.attestation !== undefined ? 'attestation-broker' : 'external-secrets';
}
