import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { CLUSTER_SECRET_STORE, platformSecretScope } from '../../lib/secret-scope';
import { platformVaultPolicy, vaultAccessAnnotations } from '../../lib/vault-access';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { EXTERNAL_SECRETS_NAMESPACE } from '../../lib/platform-names';
import { EXTERNAL_SECRETS_SERVICE_ACCOUNT, externalSecretsSource } from './external-secrets-values';
import { VaultClusterSecretStore } from './vault-cluster-secret-store';
import { externalSecretsNetworkAllows } from './external-secrets-network';

export interface ExternalSecretsChartProps {
  readonly environment: EnvironmentConfig;
}

/** Argo CD sync wave: first of the operators, since others' ExternalSecrets need its CRDs and store. */
export const EXTERNAL_SECRETS_SYNC_WAVE = -5;

/**
 * External Secrets Operator (with its CRDs) and the ClusterSecretStore every ExternalSecret in
 * the platform refers to. Git holds references; the values stay in Vault.
 */
export class ExternalSecretsChart extends DistChart {
  constructor(scope: Construct, props: ExternalSecretsChartProps) {
    const { platform } = props.environment;
    const config = platform.externalSecrets;
    super(scope, 'external-secrets', {
      layer: 'platform',
      syncWave: EXTERNAL_SECRETS_SYNC_WAVE,
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      helm: externalSecretsSource(config),
      // The SecretStore and ClusterSecretStore CRDs are ~349 KB as compact JSON, over the
      // 262,144-byte last-applied-configuration limit of client-side apply.
      syncOptions: ['ServerSideApply=true'],
    });
    new PlatformNamespace(this, 'namespace', {
      name: EXTERNAL_SECRETS_NAMESPACE,
      enforceVersion: platform.tenancy.podSecurityVersion,
      allows: externalSecretsNetworkAllows(config, platform.network.apiServerCidrs),
    });
    const serviceAccount = { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE };
    new VaultClusterSecretStore(this, 'cluster-secret-store', {
      name: CLUSTER_SECRET_STORE,
      vault: config.vault,
      serviceAccount,
      annotations: vaultAccessAnnotations({
        vault: config.vault,
        scope: platformSecretScope(config),
        role: config.vault.kubernetesAuth.role,
        policy: platformVaultPolicy(config.keys.environmentPrefix),
        serviceAccount,
      }),
    });
  }
}
