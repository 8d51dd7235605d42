import { describe, expect, it } from 'vitest';
import { CLUSTER_SECRET_STORE } from '../../charts/lib/external-secret';
import { EXTERNAL_SECRETS_NAMESPACE, TENANT_NAMESPACE_LABEL } from '../../charts/lib/platform-names';
import { HELM_CHARTS } from '../../charts/lib/versions';
import type { KubeObject } from '../../src/render/rendered-object';
import { VAULT_POLICY_ANNOTATION, VAULT_ROLE_ANNOTATION } from '../../charts/lib/vault-access';
import { RuleContext } from '../../src/check/rule-context';
import { externalSecretStore } from '../../src/check/rules/external-secret-store';
import { vaultReads } from '../../src/check/k8s/secret-stores';
import { secretKeyPerEnvironment } from '../../src/check/rules/secret-key-per-environment';
import { runAcrossEnvironments, runRules } from '../../src/check/run-rules';
import { renderFixtureVariant } from '../support/fixture-repository';
import { renderRepository, repositoryCatalog } from '../support/repo';
import { applicationOf, at, environmentConfig, helmSourceOf, objectOf, objectsOf, productionEnvironment, renderVariantWithoutAppSecrets, syncWaveOf } from '../support/platform';

interface ExternalSecretObject extends KubeObject {
  readonly spec: { secretStoreRef: unknown; data: Array<{ remoteRef: { key: string } }> };
}

interface SecretStoreObject extends KubeObject {
  readonly spec: { provider: { vault: Record<string, unknown> & { auth: { kubernetes: unknown } } } };
}

interface StoreObject extends KubeObject {
  readonly spec: { conditions: unknown[]; provider: { vault: Record<string, unknown> & { auth: { kubernetes: { mountPath: string; role: string; serviceAccountRef: { name: string; namespace: string; audiences: string[] } } } } } };
}

const environments = await renderRepository();
const apps = [...(await repositoryCatalog()).values()].map((entry) => entry.definition);
const appNames = new Set(apps.map((app) => app.name));

describe.each(environments.map((env) => [env.environment, env] as const))('External Secrets in %s', (name, env) => {
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

  it('is the store of every platform ExternalSecret, each key below <prefix>/platform/', () => {
    const secrets = objectsOf<ExternalSecretObject>(env, 'ExternalSecret').filter((s) => !appNames.has(s.metadata.namespace!));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE });
      for (const { remoteRef } of secret.spec.data) expect(remoteRef.key.startsWith(`${config.keys.environmentPrefix}/platform/`), remoteRef.key).toBe(true);
    }
  });

  it('documents the Vault side: the role bound to the operator\'s ServiceAccount, a read-only policy of <prefix>/platform/', () => {
    const { kubernetesAuth } = config.vault;
    const policy = `${config.keys.environmentPrefix}-platform`;
    expect(store.metadata.annotations?.[VAULT_ROLE_ANNOTATION]).toBe(
      `vault write auth/${kubernetesAuth.mountPath}/role/${kubernetesAuth.role} bound_service_account_names=external-secrets bound_service_account_namespaces=${EXTERNAL_SECRETS_NAMESPACE} audience=${kubernetesAuth.audiences[0]} token_policies=${policy}`,
    );
    expect(store.metadata.annotations?.[VAULT_POLICY_ANNOTATION]).toBe(`vault policy write ${policy} - <<EOF\npath "${config.vault.path}/data/${config.keys.environmentPrefix}/platform/*" { capabilities = ["read"] }\nEOF`);
  });
});

describe.each(environments.map((env) => [env.environment, env] as const))('application secrets in %s', (name, env) => {
  const config = environmentConfig(name).platform.externalSecrets;
  const prefix = config.keys.environmentPrefix;
  // A confidential app where the overlay configures an attestation broker reads no Vault (test/apps/confidential-secrets.test.ts).
  const brokered = environmentConfig(name).platform.tee?.attestation !== undefined;
  const withSecrets = apps.filter((app) => (app.secrets ?? []).length > 0 && !(app.confidential && brokered));

  it('gives every app reading Vault for its secrets a SecretStore of its own, and no other app one', () => {
    expect(objectsOf(env, 'SecretStore').map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort()).toEqual(withSecrets.map((app) => `${app.name}/${app.name}`).sort());
  });

  it.each(withSecrets.map((app) => [app.name, app] as const))('%s: logs in to Vault as its own ServiceAccount, with a role of this app in this environment', (_app, app) => {
    const store = objectOf<SecretStoreObject>(env, 'SecretStore', app.name, app.name);
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.spec.provider.vault).toMatchObject({ server: config.vault.server, path: config.vault.path, version: config.vault.version });
    expect(store.spec.provider.vault.auth.kubernetes).toEqual({
      mountPath: config.vault.kubernetesAuth.mountPath,
      role: `${prefix}-app-${app.name}`,
      // No namespace: ESO requests the token in the store's own namespace (TokenRequest API).
      serviceAccountRef: { name: app.name, audiences: config.vault.kubernetesAuth.audiences },
    });
    const account = objectOf<KubeObject & { automountServiceAccountToken: boolean }>(env, 'ServiceAccount', app.name, app.name);
    expect(account.automountServiceAccountToken).toBe(app.serviceAccountToken !== undefined);
  });

  it.each(withSecrets.map((app) => [app.name, app] as const))('%s: its ExternalSecret reads through that store, every key below <prefix>/apps/<app>/', (_app, app) => {
    const secret = objectOf<ExternalSecretObject>(env, 'ExternalSecret', app.name, app.name);
    expect(secret.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: app.name });
    expect(secret.spec.data.map((d) => d.remoteRef.key)).toEqual(app.secrets!.map((s) => `${prefix}/${s.remoteKey}`));
    for (const { remoteRef } of secret.spec.data) expect(remoteRef.key.startsWith(`${prefix}/apps/${app.name}/`), remoteRef.key).toBe(true);
  });

  it.each(withSecrets.map((app) => [app.name, app] as const))('%s: documents its Vault role (bound to its ServiceAccount and namespace) and a policy of only its keys', (_app, app) => {
    const store = objectOf<SecretStoreObject>(env, 'SecretStore', app.name, app.name);
    const role = `${prefix}-app-${app.name}`;
    expect(store.metadata.annotations?.[VAULT_ROLE_ANNOTATION]).toBe(
      `vault write auth/${config.vault.kubernetesAuth.mountPath}/role/${role} bound_service_account_names=${app.name} bound_service_account_namespaces=${app.name} audience=${config.vault.kubernetesAuth.audiences[0]} token_policies=${role}`,
    );
    expect(store.metadata.annotations?.[VAULT_POLICY_ANNOTATION]).toBe(`vault policy write ${role} - <<EOF\npath "${config.vault.path}/data/${prefix}/apps/${app.name}/*" { capabilities = ["read"] }\nEOF`);
  });

  it('admits every ExternalSecret of the environment through its store (the external-secret-store rule)', () => {
    const objects = env.objects.map((o) => ({ file: o.file, folder: o.folder, object: o.object }));
    const context = new RuleContext({ environment: environmentConfig(name), production: true, objects, files: new Set(objects.map((o) => o.file)) });
    expect(runRules(context, [externalSecretStore]).findings.map((f) => `${f.file}: ${f.message}`)).toEqual([]);
    expect(objectsOf(env, 'ExternalSecret').length).toBeGreaterThan(withSecrets.length);
  });
});

describe('Vault keys per environment', () => {
  const contexts = environments.map((env) => {
    const objects = env.objects.map((o) => ({ file: o.file, folder: o.folder, object: o.object }));
    return new RuleContext({ environment: environmentConfig(env.name), production: false, objects, files: new Set(objects.map((o) => o.file)) });
  });

  it('reads no Vault value in two environments: every key is below its environment\'s prefix', () => {
    const locations = contexts.map((context) => new Set(vaultReads(context).map((read) => read.location)));
    for (const [i, own] of locations.entries()) {
      expect(own.size, environments[i]!.name).toBeGreaterThan(0);
      for (const other of locations.slice(i + 1)) expect([...own].filter((location) => other.has(location))).toEqual([]);
    }
    for (const context of contexts) {
      const prefix = `${context.environment.platform.externalSecrets.keys.environmentPrefix}/`;
      const shared = new Set((context.environment.platform.externalSecrets.keys.shared ?? []).map((entry) => entry.key));
      for (const read of vaultReads(context)) expect(read.key.startsWith(prefix) || shared.has(read.key), `${context.environment.name}: ${read.key}`).toBe(true);
    }
  });

  it('passes the secret-key-per-environment rule', () => {
    expect([...runAcrossEnvironments(contexts, [secretKeyPerEnvironment]).values()].flat()).toEqual([]);
  });
});

describe('application secrets and a Vault behind a private CA', () => {
  it('fails the synth with the overlay field: an application SecretStore can only read a CA from its own namespace', () => {
    expect(() =>
      renderFixtureVariant('qa', (platform) => {
        platform.externalSecrets.vault.caProvider = { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt', namespace: EXTERNAL_SECRETS_NAMESPACE };
      }),
    ).toThrow("overlays/qa/platform.yaml: externalSecrets.vault.caProvider: set, but app 'ledger' has secrets and its SecretStore can only read a CA from its own namespace");
  });
});

describe('ClusterSecretStore with a private CA', () => {
  it('adds the caProvider with its namespace', () => {
    const env = renderVariantWithoutAppSecrets(productionEnvironment(), (platform) => {
      platform.externalSecrets.vault.caProvider = { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt', namespace: EXTERNAL_SECRETS_NAMESPACE };
    });
    expect(objectOf<StoreObject>(env, 'ClusterSecretStore', CLUSTER_SECRET_STORE).spec.provider.vault['caProvider']).toEqual({ type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt', namespace: EXTERNAL_SECRETS_NAMESPACE });
  });
});
