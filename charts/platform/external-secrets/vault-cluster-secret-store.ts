import { Construct } from 'constructs';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderVaultCaProviderType,
  ClusterSecretStoreSpecProviderVaultVersion,
} from '../../../imports/external-secrets-clustersecretstore-external-secrets.io';
import type { ExternalSecretsConfig } from '../../../src/config/platform/external-secrets';
import { TENANT_NAMESPACE_LABEL } from '../../lib/platform-names';
import { afterHelmCrds } from '../../lib/sync-options';

export interface VaultClusterSecretStoreProps {
  /** Store name ExternalSecrets reference (CLUSTER_SECRET_STORE). */
  readonly name: string;
  readonly vault: ExternalSecretsConfig['vault'];
  /** The ServiceAccount whose token is exchanged at Vault's Kubernetes auth method. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** What Vault must hold for this store (charts/lib/vault-access.ts). */
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * The platform's secret store: Vault, Kubernetes auth, usable from platform namespaces only. ESO requests a short-lived token of
 * the given ServiceAccount with the configured audiences (Vault 1.21+ requires one), so no
 * long-lived token or Vault credential ever exists in the cluster or in Git.
 */
export class VaultClusterSecretStore extends Construct {
  constructor(scope: Construct, id: string, props: VaultClusterSecretStoreProps) {
    super(scope, id);
    const { vault, serviceAccount } = props;
    const { kubernetesAuth, caProvider } = vault;
    const store = new ClusterSecretStore(this, 'resource', {
      metadata: { name: props.name, annotations: { ...props.annotations } },
      spec: {
        // Platform secrets only: without this, anyone who may create an ExternalSecret in an
        // application namespace (the `edit` role aggregates it) could copy e.g. the DNS token.
        conditions: [{ namespaceSelector: { matchExpressions: [{ key: TENANT_NAMESPACE_LABEL, operator: 'DoesNotExist' }] } }],
        provider: {
          vault: {
            server: vault.server,
            path: vault.path,
            version: vault.version === 'v1' ? ClusterSecretStoreSpecProviderVaultVersion.V1 : ClusterSecretStoreSpecProviderVaultVersion.V2,
            ...(vault.namespace ? { namespace: vault.namespace } : {}),
            auth: {
              kubernetes: {
                mountPath: kubernetesAuth.mountPath,
                role: kubernetesAuth.role,
                // A ClusterSecretStore must name the namespace of every reference.
                serviceAccountRef: { name: serviceAccount.name, namespace: serviceAccount.namespace, audiences: [...kubernetesAuth.audiences] },
              },
            },
            ...(caProvider
              ? {
                  caProvider: {
                    type: caProvider.type === 'Secret' ? ClusterSecretStoreSpecProviderVaultCaProviderType.SECRET : ClusterSecretStoreSpecProviderVaultCaProviderType.CONFIG_MAP,
                    name: caProvider.name,
                    key: caProvider.key,
                    namespace: caProvider.namespace,
                  },
                }
              : {}),
          },
        },
      },
    });
    afterHelmCrds(store);
  }
}
