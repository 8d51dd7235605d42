import { describe, expect, it } from 'vitest';
import { externalSecretStore } from '../../../src/check/rules/external-secret-store';
import { problems, type FixtureFile, type Manifest } from '../support/dist-fixture';

// An application namespace (ledger, labelled as a tenant) with its own SecretStore, and a platform
// namespace (backup) served by the ClusterSecretStore, which excludes tenant namespaces.

const TENANT = 'platform.example.com/tenant';

function namespace(name: string, labels: Record<string, string> = {}): FixtureFile {
  return [`platform/tenancy/namespace-${name}.yaml`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }];
}

function externalSecret(name: string, ns: string, storeRef: Record<string, string> | undefined, extra: Record<string, unknown> = {}): FixtureFile {
  const spec = { ...(storeRef ? { secretStoreRef: storeRef } : {}), target: { name }, data: [{ secretKey: 'k', remoteRef: { key: `qa/x/${name}` } }], ...extra };
  return [`apps/${ns}/externalsecret-${name}.yaml`, { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name, namespace: ns }, spec }];
}

function vault(serviceAccountRef: Record<string, unknown>): Record<string, unknown> {
  return { vault: { server: 'https://vault.example.com', path: 'secret', version: 'v2', auth: { kubernetes: { mountPath: 'kubernetes-qa', role: 'r', serviceAccountRef } } } };
}

function clusterStore(conditions: unknown[] | undefined): FixtureFile {
  const store: Manifest = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'vault' },
    spec: { ...(conditions ? { conditions } : {}), provider: vault({ name: 'eso', namespace: 'external-secrets' }) },
  };
  return ['platform/external-secrets/clustersecretstore-vault.yaml', store];
}

const PLATFORM_ONLY = [{ namespaceSelector: { matchExpressions: [{ key: TENANT, operator: 'DoesNotExist' }] } }];

function environment(): FixtureFile[] {
  return [
    namespace('ledger', { [TENANT]: 'true' }),
    namespace('backup'),
    namespace('external-secrets'),
    ['apps/ledger/serviceaccount-ledger.yaml', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ledger', namespace: 'ledger' } }],
    ['platform/external-secrets/serviceaccount-eso.yaml', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'eso', namespace: 'external-secrets' } }],
    ['apps/ledger/secretstore-ledger.yaml', { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'ledger', namespace: 'ledger' }, spec: { provider: vault({ name: 'ledger' }) } }],
    clusterStore(PLATFORM_ONLY),
    externalSecret('ledger', 'ledger', { kind: 'SecretStore', name: 'ledger' }),
    externalSecret('s3', 'backup', { kind: 'ClusterSecretStore', name: 'vault' }),
  ];
}

function replacing(files: FixtureFile[], replacement: FixtureFile): FixtureFile[] {
  if (!files.some(([file]) => file === replacement[0])) throw new Error(`fixture has no ${replacement[0]}`);
  return files.map((entry) => (entry[0] === replacement[0] ? replacement : entry));
}

const LEDGER_SECRET = 'dist/prod/apps/ledger/externalsecret-ledger.yaml';

describe('external-secret-store', () => {
  it('passes an app namespace reading through its own SecretStore and a platform namespace the ClusterSecretStore admits', () => {
    expect(problems(environment(), externalSecretStore)).toEqual([]);
  });

  it('fails when an app namespace refers to a ClusterSecretStore that excludes tenant namespaces (ESO refuses it)', () => {
    const files = replacing(environment(), externalSecret('ledger', 'ledger', { kind: 'ClusterSecretStore', name: 'vault' }));
    expect(problems(files, externalSecretStore)).toEqual([
      `${LEDGER_SECRET}: spec.secretStoreRef names ClusterSecretStore vault, whose spec.conditions do not admit namespace ledger (conditions[0]: namespaceSelector ${TENANT} DoesNotExist)`,
    ]);
  });

  it('fails when the SecretStore is missing from the namespace, the kind defaulting to SecretStore as in ESO', () => {
    const files = replacing(environment(), externalSecret('ledger', 'ledger', { name: 'vault' }));
    expect(problems(files, externalSecretStore)).toEqual([`${LEDGER_SECRET}: spec.secretStoreRef names SecretStore vault, which does not exist in namespace ledger`]);
  });

  it('checks per-item stores (sourceRef.storeRef) too', () => {
    const files = replacing(environment(), externalSecret('ledger', 'ledger', undefined, { data: [{ secretKey: 'k', remoteRef: { key: 'qa/x' }, sourceRef: { storeRef: { kind: 'SecretStore', name: 'other' } } }] }));
    expect(problems(files, externalSecretStore)).toEqual([`${LEDGER_SECRET}: spec.data[0].sourceRef.storeRef names SecretStore other, which does not exist in namespace ledger`]);
  });

  it('fails when a store logs in to Vault as a ServiceAccount that does not exist', () => {
    const files = environment().filter(([file]) => file !== 'apps/ledger/serviceaccount-ledger.yaml');
    expect(problems(files, externalSecretStore)).toEqual([
      'dist/prod/apps/ledger/secretstore-ledger.yaml: spec.provider.vault.auth.kubernetes.serviceAccountRef names ServiceAccount ledger, which does not exist in namespace ledger',
    ]);
  });

  describe('ClusterSecretStore conditions, as ESO evaluates them', () => {
    const fromLedger = (conditions: unknown[] | undefined): FixtureFile[] =>
      replacing(replacing(environment(), clusterStore(conditions)), externalSecret('ledger', 'ledger', { kind: 'ClusterSecretStore', name: 'vault' }));
    // Only the ledger ExternalSecret's findings: some conditions refuse the platform namespace too.
    const admitted = (conditions: unknown[] | undefined): boolean => !problems(fromLedger(conditions), externalSecretStore).some((p) => p.startsWith(LEDGER_SECRET));

    it('admits every namespace without conditions', () => {
      expect(admitted(undefined)).toBe(true);
      expect(admitted([])).toBe(true);
    });

    it('admits a namespace when any condition, and within it any field, matches', () => {
      expect(admitted([...PLATFORM_ONLY, { namespaces: ['ledger'] }])).toBe(true);
      expect(admitted([{ namespaceSelector: { matchLabels: { team: 'x' } }, namespaces: ['ledger'] }])).toBe(true);
      expect(admitted([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ledger' } } }])).toBe(true);
      expect(admitted([{ namespaces: ['settle'] }, { namespaceSelector: { matchLabels: { team: 'x' } } }])).toBe(false);
    });

    it('matches namespaceRegexes unanchored (Go regexp.MatchString), and an invalid one admits nothing', () => {
      expect(admitted([{ namespaceRegexes: ['^ledger$'] }])).toBe(true);
      expect(admitted([{ namespaceRegexes: ['edg'] }])).toBe(true);
      expect(admitted([{ namespaceRegexes: ['^settle'] }])).toBe(false);
      expect(admitted([{ namespaceRegexes: ['('] }])).toBe(false);
    });
  });
});
