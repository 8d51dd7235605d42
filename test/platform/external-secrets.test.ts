import { describe, expect, it } from 'vitest';
import { CLUSTER_SECRET_STORE } from '../../charts/lib/external-secret';
import { EXTERNAL_SECRETS_NAMESPACE, TENANT_NAMESPACE_LABEL } from '../../charts/lib/platform-names';
import { HELM_CHARTS } from '../../charts/lib/versions';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { applicationOf, at, environmentConfig, helmSourceOf, objectOf, objectsOf, renderVariant, syncWaveOf } from '../support/platform';

interface StoreObject extends KubeObject {
  readonly spec: { conditions: unknown[]; provider: { vault: Record<string, unknown> & { auth: { kubernetes: { mountPath: string; role: string; serviceAccountRef: { name: string; namespace: string; audiences: string[] } } } } } };
}

const environments = await renderRepository();

describe.each(environments.map((env) => [env.name, env] as const))('External Secrets in %s', (name, env) => {
  const config = environmentConfig(name).platform.externalSecrets;
  const app = applicationOf(env, 'external-secrets');
  const helm = helmSourceOf(app);
  const store = objectOf<StoreObject>(env, 'ClusterSecretStore', CLUSTER_SECRET_STORE);

  it('installs the pinned chart with its CRDs, leader election and the auth-delegator binding', () => {
    expect({ repoURL: helm.repoURL, chart: helm.chart, version: helm.targetRevision }).toEqual(HELM_CHARTS.externalSecrets);
    expect(app.spec.destination.namespace).toBe(EXTERNAL_SECRETS_NAMESPACE);
    expect(helm.helm.valuesObject).toMatchObject({ installCRDs: true, leaderElect: true, systemAuthDelegator: true, replicaCount: config.replicas });
    expect(at(helm.helm.valuesObject, 'webhook.replicaCount')).toBe(config.replicas);
  });

  it('renders the Vault ClusterSecretStore (external-secrets.io/v1) from the overlay', () => {
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.spec.provider.vault).toMatchObject({ server: config.vault.server, path: config.vault.path, version: config.vault.version });
    expect(store.spec.provider.vault.auth.kubernetes).toEqual({
      mountPath: config.vault.kubernetesAuth.mountPath,
      role: config.vault.kubernetesAuth.role,
      // A ClusterSecretStore must name the namespace; Vault 1.21+ requires an audience.
      serviceAccountRef: { name: 'external-secrets', namespace: EXTERNAL_SECRETS_NAMESPACE, audiences: config.vault.kubernetesAuth.audiences },
    });
    expect(store.spec.provider.vault).not.toHaveProperty('caProvider');
  });

  it('syncs the store after its CRD, and before every component that declares ExternalSecrets', () => {
    expect(syncWaveOf(store)).toBe(1);
    for (const rendered of env.objects.filter((o) => o.object.kind === 'ExternalSecret')) {
      const owner = applicationOf(env, rendered.folder.split('/')[1]!);
      expect(syncWaveOf(owner), rendered.file).toBeGreaterThan(syncWaveOf(app));
    }
  });

  it('serves platform namespaces only, never an application namespace', () => {
    expect(store.spec.conditions).toEqual([{ namespaceSelector: { matchExpressions: [{ key: TENANT_NAMESPACE_LABEL, operator: 'DoesNotExist' }] } }]);
    const appNamespaces = new Set(env.objects.filter((o) => o.folder.startsWith('apps/')).map((o) => o.object.metadata.namespace));
    for (const namespace of objectsOf(env, 'Namespace').filter((n) => appNamespaces.has(n.metadata.name))) {
      expect(namespace.metadata.labels?.[TENANT_NAMESPACE_LABEL]).toBe('true');
    }
    expect(objectOf(env, 'Namespace', 'cert-manager').metadata.labels).not.toHaveProperty(TENANT_NAMESPACE_LABEL);
  });

  it('is the store every ExternalSecret refers to', () => {
    const secrets = objectsOf<KubeObject & { spec: { secretStoreRef: unknown } }>(env, 'ExternalSecret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE });
  });
});

describe('ClusterSecretStore with a private CA', () => {
  it('adds the caProvider with its namespace', () => {
    const env = renderVariant('prod', (platform) => {
      platform.externalSecrets.vault.caProvider = { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt', namespace: EXTERNAL_SECRETS_NAMESPACE };
    });
    expect(objectOf<StoreObject>(env, 'ClusterSecretStore', CLUSTER_SECRET_STORE).spec.provider.vault['caProvider']).toEqual({ type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt', namespace: EXTERNAL_SECRETS_NAMESPACE });
  });
});
