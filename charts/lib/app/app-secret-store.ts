import { Construct } from 'constructs';
import { SecretStore, SecretStoreSpecProviderVaultVersion } from '../../../imports/external-secrets-secretstore-external-secrets.io';
import { appSecretScope, type SecretScope } from '../secret-scope';
import { appVaultRole, vaultAccessAnnotations } from '../vault-access';
import type { AppContext } from './app-context';

/**
 * The app's own store: Vault through Kubernetes auth as the app's ServiceAccount, with a role of
 * this app in this environment whose policy reads only <prefix>/apps/<app>/. ESO requests a
 * short-lived token of that ServiceAccount itself (TokenRequest API), so the pods mount none.
 * The platform's ClusterSecretStore refuses application namespaces; this store is the only way
 * an app's ExternalSecret reaches Vault, and only its own keys.
 */
export class AppSecretStore extends Construct {
  readonly scope: SecretScope;

  constructor(scope: Construct, id: string, context: AppContext, serviceAccountName: string) {
    super(scope, id);
    const { app, environment, labels } = context;
    const config = environment.platform.externalSecrets;
    const { vault } = config;
    if (vault.caProvider) {
      // A namespaced SecretStore may read its CA only from its own namespace (ESO: caProvider.namespace
      // is for ClusterSecretStores), and nothing puts the CA into application namespaces yet.
      throw new Error(
        `overlays/${environment.name}/platform.yaml: externalSecrets.vault.caProvider: set, but app '${app.name}' has secrets and its SecretStore can only read a CA from its own namespace, expected no caProvider (a Vault with a publicly trusted certificate) until the CA is distributed to application namespaces`,
      );
    }
    this.scope = appSecretScope(app.name, config);
    const role = appVaultRole(app.name, config.keys.environmentPrefix);
    new SecretStore(this, 'resource', {
      metadata: {
        name: this.scope.store.name,
        labels: { ...labels },
        annotations: vaultAccessAnnotations({ vault, scope: this.scope, role, policy: role, serviceAccount: { name: serviceAccountName, namespace: app.name } }),
      },
      spec: {
        provider: {
          vault: {
            server: vault.server,
            path: vault.path,
            version: vault.version === 'v1' ? SecretStoreSpecProviderVaultVersion.V1 : SecretStoreSpecProviderVaultVersion.V2,
            ...(vault.namespace ? { namespace: vault.namespace } : {}),
            auth: {
              kubernetes: {
                mountPath: vault.kubernetesAuth.mountPath,
                role,
                // No namespace: a SecretStore's references are always in its own namespace.
                serviceAccountRef: { name: serviceAccountName, audiences: [...vault.kubernetesAuth.audiences] },
              },
            },
          },
        },
      },
    });
  }
}
