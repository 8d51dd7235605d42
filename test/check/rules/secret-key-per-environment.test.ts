import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/check/rule-context';
import { secretKeyPerEnvironment } from '../../../src/check/rules/secret-key-per-environment';
import { runAcrossEnvironments } from '../../../src/check/run-rules';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { sealedKbsReference, type KbsResource } from '../../../charts/lib/sealed-secret';
import { fixtureEnvironment, toChecked, type FixtureFile } from '../support/dist-fixture';

type Shared = Array<{ key: string; reason: string }>;

interface EnvironmentFixture {
  readonly name: string;
  /** Keys the backup ExternalSecret reads, as rendered. */
  readonly keys: readonly string[];
  readonly shared?: Shared;
  /** KV mount of the ClusterSecretStore. @default 'secret' */
  readonly mount?: string;
  /** KBS resources a confidential app's Secret points at (sealed references). @default none */
  readonly kbsResources?: readonly KbsResource[];
  /** tee.attestation.kbsUrl. @default the prod overlay's */
  readonly kbsUrl?: string;
}

function config(fixture: EnvironmentFixture): EnvironmentConfig {
  const base = fixtureEnvironment();
  const externalSecrets = { ...base.platform.externalSecrets, keys: { environmentPrefix: fixture.name, ...(fixture.shared ? { shared: fixture.shared } : {}) } };
  const tee = base.platform.tee!;
  const attestation = { ...tee.attestation!, ...(fixture.kbsUrl ? { kbsUrl: fixture.kbsUrl } : {}) };
  return { ...base, name: fixture.name, cluster: { ...base.cluster, name: fixture.name, distPath: fixture.name }, platform: { ...base.platform, externalSecrets, tee: { ...tee, attestation } } };
}

function files(fixture: EnvironmentFixture): FixtureFile[] {
  return [
    [
      'platform/external-secrets/clustersecretstore-vault.yaml',
      { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'vault' }, spec: { provider: { vault: { server: 'https://vault.example.com:8200', path: fixture.mount ?? 'secret', version: 'v2' } } } },
    ],
    [
      'platform/backup/externalsecret-s3.yaml',
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 's3', namespace: 'backup' },
        spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, data: fixture.keys.map((key, i) => ({ secretKey: `k${i}`, remoteRef: { key, property: 'p' } })) },
      },
    ],
    ...(fixture.kbsResources
      ? [
          [
            SEALED,
            { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vault-box-sealed', namespace: 'vault-box' }, stringData: Object.fromEntries(fixture.kbsResources.map((resource, i) => [`K${i}`, sealedKbsReference(resource)])) },
          ] as FixtureFile,
        ]
      : []),
  ];
}

/** "env file: message" per finding of the rule over the environments, in promotion order. */
function findings(...environments: EnvironmentFixture[]): string[] {
  const contexts = environments.map((fixture) => {
    const objects = toChecked(files(fixture));
    return new RuleContext({ environment: config(fixture), production: false, objects, files: new Set(objects.map((o) => o.file)) });
  });
  const byEnvironment = runAcrossEnvironments(contexts, [secretKeyPerEnvironment]);
  return [...byEnvironment.entries()].flatMap(([name, list]) => list.map((f) => `${name} ${f.file}: ${f.message}`));
}

const SHARED_REASON = 'one StackRox Central serves every cluster';
const S3 = 'platform/backup/externalsecret-s3.yaml';
const SEALED = 'apps/vault-box/secret-vault-box-sealed.yaml';
const signing = (repository: string): KbsResource => ({ repository, type: 'vault-box', tag: 'signing.key-id' });

describe('secret-key-per-environment', () => {
  it('passes environments that each read keys below their own prefix', () => {
    expect(findings({ name: 'dev', keys: ['dev/platform/backup/s3'] }, { name: 'qa', keys: ['qa/platform/backup/s3'] }, { name: 'live', keys: ['live/platform/backup/s3'] })).toEqual([]);
  });

  it('fails in every environment that reads a key another environment reads too', () => {
    expect(findings({ name: 'dev', keys: ['platform/backup/s3'] }, { name: 'qa', keys: ['qa/platform/backup/s3'] }, { name: 'live', keys: ['platform/backup/s3'] })).toEqual([
      `dev dist/dev/${S3}: spec.data[0].remoteRef.key reads https://vault.example.com:8200 secret/platform/backup/s3, which live also reads, and overlays/dev/platform.yaml does not declare platform/backup/s3 in externalSecrets.keys.shared`,
      `live dist/live/${S3}: spec.data[0].remoteRef.key reads https://vault.example.com:8200 secret/platform/backup/s3, which dev also reads, and overlays/live/platform.yaml does not declare platform/backup/s3 in externalSecrets.keys.shared`,
    ]);
  });

  it('passes a key every environment reading it declares shared, and still fails the one that does not', () => {
    const shared = [{ key: 'platform/stackrox/central-admin', reason: SHARED_REASON }];
    const key = 'platform/stackrox/central-admin';
    expect(findings({ name: 'dev', keys: [key], shared }, { name: 'qa', keys: [key], shared })).toEqual([]);
    expect(findings({ name: 'dev', keys: [key], shared }, { name: 'qa', keys: [key] })).toEqual([
      `qa dist/qa/${S3}: spec.data[0].remoteRef.key reads https://vault.example.com:8200 secret/${key}, which dev also reads, and overlays/qa/platform.yaml does not declare ${key} in externalSecrets.keys.shared`,
    ]);
  });

  it('tells the same key apart in another KV mount (another value), and finds one value however many environments read it', () => {
    expect(findings({ name: 'dev', keys: ['platform/backup/s3'], mount: 'kv-dev' }, { name: 'qa', keys: ['platform/backup/s3'], mount: 'kv-qa' })).toEqual([]);
    expect(findings({ name: 'dev', keys: ['x/k'] }, { name: 'qa', keys: ['x/k'] }, { name: 'live', keys: ['x/k'] })[0]).toContain('which qa, live also read, and');
  });

  it('passes sealed references to each environment\'s own KBS repository, or to one resource path of two different brokers', () => {
    expect(findings({ name: 'dev', keys: [], kbsResources: [signing('dev')] }, { name: 'live', keys: [], kbsResources: [signing('live')] })).toEqual([]);
    expect(findings({ name: 'dev', keys: [], kbsResources: [signing('x')], kbsUrl: 'https://kbs.dev.example.com' }, { name: 'live', keys: [], kbsResources: [signing('x')] })).toEqual([]);
  });

  it('fails sealed references two environments make to one resource of one broker, which no declaration can share', () => {
    const shared = [{ key: 'apps/vault-box/signing', reason: SHARED_REASON }];
    expect(findings({ name: 'dev', keys: [], kbsResources: [signing('live')] }, { name: 'live', keys: [], kbsResources: [signing('live')], shared })).toEqual([
      `dev dist/dev/${SEALED}: stringData.K0 points at kbs:///live/vault-box/signing.key-id of https://kbs.example.com:8080, which live also points at: KBS resources are never shared across environments`,
      `live dist/live/${SEALED}: stringData.K0 points at kbs:///live/vault-box/signing.key-id of https://kbs.example.com:8080, which dev also points at: KBS resources are never shared across environments`,
      // A shared entry is about Vault keys: one no ExternalSecret reads is still reported.
      'live overlays/live/platform.yaml: externalSecrets.keys.shared lists apps/vault-box/signing, which no ExternalSecret of live reads',
    ]);
  });

  it('fails a shared declaration the environment no longer needs', () => {
    expect(findings({ name: 'dev', keys: ['dev/platform/backup/s3'], shared: [{ key: 'platform/stackrox/central-admin', reason: SHARED_REASON }] })).toEqual([
      'dev overlays/dev/platform.yaml: externalSecrets.keys.shared lists platform/stackrox/central-admin, which no ExternalSecret of dev reads',
    ]);
  });
});
