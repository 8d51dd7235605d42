import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository, repositoryCatalog } from '../support/repo';
import { renderFixtureVariant } from '../support/fixture-repository';
import { environmentConfig, objectOf } from '../support/platform';

interface NetworkPolicyObject extends KubeObject {
  readonly spec: {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes: string[];
    ingress?: Array<{ from: Array<{ namespaceSelector: { matchLabels: Record<string, string> } }>; ports: Array<{ protocol: string; port: number }> }>;
    egress?: Array<{ to: Array<{ namespaceSelector: { matchLabels: Record<string, string> } }>; ports: Array<{ protocol: string; port: number }> }>;
  };
}

const environments = await renderRepository();
const catalog = await repositoryCatalog();

describe.each(environments.map((env) => [env.environment, env] as const))('tenancy baseline in %s', (name, env) => {
  const config = environmentConfig(name);
  const { tenancy, teams } = config.platform;
  const appNamespaces = [...new Set(env.objects.filter((o) => o.folder.startsWith('apps/')).map((o) => o.object.metadata.namespace!))].sort();
  const inTenancy = env.objects.filter((o) => o.folder === 'platform/tenancy').map((o) => o.object);

  it('derives one namespace per application, and nothing else', () => {
    expect(appNamespaces).toEqual(Object.keys(config.apps).sort());
    expect(inTenancy.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(appNamespaces);
  });

  it('labels every app namespace restricted, pinning enforce-version only where the overlay says so', () => {
    for (const namespace of appNamespaces) {
      const labels = objectOf(env, 'Namespace', namespace).metadata.labels ?? {};
      expect(labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
      expect(labels['pod-security.kubernetes.io/enforce-version']).toBe(tenancy.podSecurityVersion);
    }
  });

  it('gives every app namespace the overlay quota and limit range', () => {
    for (const namespace of appNamespaces) {
      expect(objectOf<KubeObject & { spec: { hard: Record<string, string> } }>(env, 'ResourceQuota', 'tenant-quota', namespace).spec.hard).toEqual({
        'requests.cpu': tenancy.quota.requestsCpu,
        'requests.memory': tenancy.quota.requestsMemory,
        'limits.memory': tenancy.quota.limitsMemory,
        pods: String(tenancy.quota.pods),
        persistentvolumeclaims: String(tenancy.quota.persistentVolumeClaims),
        'requests.storage': tenancy.quota.requestsStorage,
      });
      expect(objectOf<KubeObject & { spec: { limits: unknown[] } }>(env, 'LimitRange', 'tenant-limits', namespace).spec.limits).toEqual([
        { type: 'Container', defaultRequest: tenancy.limitRange.defaultRequest, default: tenancy.limitRange.defaultLimit, max: tenancy.limitRange.max },
      ]);
    }
  });

  it('denies all ingress and egress by default', () => {
    for (const namespace of appNamespaces) {
      const deny = objectOf<NetworkPolicyObject>(env, 'NetworkPolicy', 'default-deny', namespace);
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
  });

  it('allows DNS to kube-system (by its immutable name label) on UDP and TCP 53', () => {
    for (const namespace of appNamespaces) {
      const dns = objectOf<NetworkPolicyObject>(env, 'NetworkPolicy', 'allow-dns', namespace);
      expect(dns.spec.policyTypes).toEqual(['Egress']);
      expect(dns.spec.egress).toEqual([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }]);
    }
  });

  it('admits nothing into an app namespace itself: every allow beyond DNS is the app\'s own, as declared', () => {
    for (const namespace of appNamespaces) {
      const policies = inTenancy.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace).map((o) => o.metadata.name);
      expect(policies.sort()).toEqual(['allow-dns', 'default-deny']);
    }
  });

  it('binds system:auth-delegator to the ServiceAccount of exactly the apps reading Vault (Vault reviews their tokens with the token itself)', () => {
    const bindings = (inTenancy.filter((o) => o.kind === 'ClusterRoleBinding') as Array<KubeObject & { roleRef: { name: string }; subjects: Array<{ kind: string; name: string; namespace: string }> }>).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    // A confidential app's secrets come through the attestation broker where the overlay has one: no Vault login.
    const brokered = config.platform.tee?.attestation !== undefined;
    const withSecrets = [...catalog.values()].map((entry) => entry.definition).filter((app) => (app.secrets ?? []).length > 0 && !(app.confidential && brokered)).sort((a, b) => a.name.localeCompare(b.name));
    expect(bindings.map((b) => b.subjects)).toEqual(withSecrets.map((app) => [{ kind: 'ServiceAccount', name: app.name, namespace: app.name }]));
    for (const binding of bindings) expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' });
  });

  it("binds each app's team groups to the overlay's tenancy.teamRole in the app's namespace", () => {
    for (const { definition } of catalog.values()) {
      const binding = objectOf<KubeObject & { roleRef: { kind: string; name: string }; subjects: Array<{ kind: string; name: string }> }>(env, 'RoleBinding', `team-${definition.team}`, definition.name);
      expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: tenancy.teamRole });
      expect(binding.subjects).toEqual(teams[definition.team]!.groups.map((group) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group })));
    }
  });

  it('never lets a prune delete an application namespace', () => {
    for (const namespace of appNamespaces) expect(objectOf(env, 'Namespace', namespace).metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('Prune=false');
  });
});

describe('tenancy baseline failures', () => {
  it('fails when an app\'s team has no entry in the overlay teams', () => {
    expect(() =>
      renderFixtureVariant('qa', (platform) => {
        platform.teams = { settlement: { groups: ['settlement-devs'] } };
      }),
    ).toThrow("overlays/qa/platform.yaml: teams.shopfront: missing, app 'ledger' belongs to team 'shopfront', expected an entry teams.shopfront with its groups");
  });

  it('fails when the replicas of an app (plus rolling-update surge) do not fit the namespace quota', () => {
    expect(() =>
      renderFixtureVariant('live', (platform) => {
        platform.tenancy.quota.requestsCpu = '300m';
      }),
    ).toThrow("app 'shop' in live: 13 pods (10 replicas + surge during a rolling update) × 100m CPU exceed tenancy.quota.requestsCpu 300m");
  });

  it('fails when an app asks for more memory than the LimitRange allows one container', () => {
    expect(() =>
      renderFixtureVariant('dev', (platform) => {
        platform.tenancy.limitRange.max.memory = '64Mi';
      }),
    ).toThrow("app 'shop' in dev: resources.memory 128Mi exceeds tenancy.limitRange.max.memory 64Mi");
  });
});
