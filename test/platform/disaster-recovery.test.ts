import { describe, expect, it } from 'vitest';
import { RESTORE_FOLDER } from '../../charts/lib/operator-applied';
import { RuleContext } from '../../src/check/rule-context';
import { argocdSingleOwner } from '../../src/check/rules/argocd';
import { restoreOperatorApplied } from '../../src/check/rules/restore-operator-applied';
import { runRules } from '../../src/check/run-rules';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { CrdSchemas } from '../support/crd-schemas';
import { renderFixtureVariant } from '../support/fixture-repository';
import { renderRepository } from '../support/repo';
import type { BackupReplicaConfig } from '../../src/config/platform/backup';
import { componentObjects, environmentConfig, environmentKey, firstEnvironment, productionEnvironment, renderVariant } from '../support/platform';
import { upstreamFolder } from '../support/upstream';

type LocationObject = KubeObject & { spec: { default: boolean; accessMode: string; objectStorage: { bucket: string; prefix: string }; config: Record<string, string>; credential?: { name: string; key: string } } };
type ScheduleObject = KubeObject & { spec: { schedule: string; paused?: boolean; template: { storageLocation: string; includedNamespaces: string[]; ttl: string; snapshotMoveData: boolean } } };
type RestoreObject = KubeObject & { spec: { scheduleName: string; includedNamespaces?: string[]; excludedNamespaces?: string[]; excludedResources?: string[]; includeClusterResources?: boolean; existingResourcePolicy: string } };
type ExternalSecretObject = KubeObject & { spec: { data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }>; target: { template?: { data: Record<string, string> } } } };
type PolicyObject = KubeObject & { spec: { egress: Array<{ ports: Array<{ port: number }> }> } };

const backupObjects = <T extends KubeObject>(env: RenderedEnvironment, kind: string) => componentObjects<T>(env, 'backup').filter((o) => o.kind === kind);
const restores = (env: RenderedEnvironment) => env.objects.filter((o) => o.folder === RESTORE_FOLDER).map((o) => o.object as RestoreObject);
const byName = <T extends KubeObject>(objects: readonly T[]) => new Map(objects.map((o) => [o.metadata.name, o]));

/** The check's view of a rendered environment, as `npm run check` builds it from dist/. */
function contextOf(env: RenderedEnvironment): RuleContext {
  return new RuleContext({ environment: environmentConfig(env.name), production: true, objects: env.objects, files: new Set(env.files.keys()) });
}

const environments = await renderRepository();

/** A replica in another region, for the variants that switch replication on. */
const variantReplica: BackupReplicaConfig = {
  storage: { endpoint: 'https://dr-objects.example.net', region: 'dr-region-1', bucket: 'example-velero-dr-variant', forcePathStyle: true },
  prefix: 'dr-variant',
  credentialsKey: 'platform/backup/velero-dr-variant-s3',
};

/**
 * Each environment of the repository as its overlay has it, and variants with replication switched
 * on and off: both shapes stay covered whichever environments (if any) the overlays replicate.
 */
const subjects: Array<readonly [string, string, RenderedEnvironment, BackupReplicaConfig | undefined]> = [
  ...environments.map((env) => [env.environment, env.environment, env, environmentConfig(env.environment).platform.backup.replica] as const),
  [`${productionEnvironment()} with a replica`, productionEnvironment(), renderVariant(productionEnvironment(), (p) => void (p.backup.replica = structuredClone(variantReplica))), variantReplica],
  [`${firstEnvironment()} without a replica`, firstEnvironment(), renderVariant(firstEnvironment(), (p) => void delete p.backup.replica), undefined],
];

describe.each(subjects)('disaster recovery in %s', (_title, name, env, replicaConfig) => {
  const replicated = replicaConfig !== undefined;
  const locations = byName(backupObjects<LocationObject>(env, 'BackupStorageLocation'));
  const schedules = byName(backupObjects<ScheduleObject>(env, 'Schedule'));
  const templates = byName(restores(env));

  it(replicated ? 'writes every backup to a second region too, by its own Schedules' : 'keeps backups in one location only', () => {
    const expected = replicated ? ['critical-6h', 'critical-6h-replica', 'daily-full', 'daily-full-replica'] : ['critical-6h', 'daily-full'];
    expect([...schedules.keys()].sort()).toEqual(expected);
    expect([...locations.keys()].sort()).toEqual(replicated ? ['default', 'replica'] : ['default']);
    if (!replicated) return;
    const replica = locations.get('replica')!;
    expect(replica.spec).toMatchObject({ default: false, accessMode: 'ReadWrite', objectStorage: { bucket: replicaConfig.storage.bucket, prefix: replicaConfig.prefix } });
    expect(replica.spec.config).toMatchObject({ region: replicaConfig.storage.region, s3Url: replicaConfig.storage.endpoint });
    expect(replica.spec.config['region']).not.toBe(locations.get('default')!.spec.config['region']);
    for (const base of ['daily-full', 'critical-6h']) {
      const primary = schedules.get(base)!;
      const copy = schedules.get(`${base}-replica`)!;
      expect(primary.spec.template.storageLocation).toBe('default');
      expect(copy.spec.template.storageLocation).toBe('replica');
      // The same backup, only elsewhere: schedule, namespaces, ttl, data movement.
      expect({ ...copy.spec, template: { ...copy.spec.template, storageLocation: 'default' } }).toEqual(primary.spec);
      expect(copy.spec.template.snapshotMoveData).toBe(true);
    }
  });

  it('alerts when any rendered Schedule, the replica ones included, misses its window', () => {
    const rule = componentObjects<KubeObject & { spec: { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> } }>(env, 'monitoring').find((o) => o.kind === 'PrometheusRule')!;
    const watched = rule.spec.groups.flatMap((g) => g.rules).filter((r) => r.alert === 'VeleroBackupMissing').map((r) => /schedule="([^"]+)"/.exec(r.expr)![1]);
    expect(watched.sort()).toEqual([...schedules.keys()].sort());
  });

  it('lets Velero reach every bucket it writes to, and nothing more', () => {
    const policy = backupObjects<PolicyObject>(env, 'NetworkPolicy').find((p) => p.metadata.name === 'allow-object-storage')!;
    expect(policy.spec.egress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([443]);
  });

  it('renders a cluster and a critical restore template per location, each restoring the newest backup of a rendered Schedule', () => {
    const expected = [...locations.keys()].flatMap((location) => [`rebuild-cluster-from-${location}`, `rebuild-critical-from-${location}`]).sort();
    expect([...templates.keys()].sort()).toEqual(expected);
    for (const location of locations.keys()) {
      const suffix = location === 'default' ? '' : `-${location}`;
      const cluster = templates.get(`rebuild-cluster-from-${location}`)!;
      const critical = templates.get(`rebuild-critical-from-${location}`)!;
      expect(cluster.spec.scheduleName).toBe(`daily-full${suffix}`);
      expect(critical.spec.scheduleName).toBe(`critical-6h${suffix}`);
      expect(schedules.get(cluster.spec.scheduleName)!.spec.template.storageLocation).toBe(location);
      expect(schedules.get(critical.spec.scheduleName)!.spec.template.storageLocation).toBe(location);
    }
  });

  it('restores the critical namespaces from their newer backup only, and leaves what Git or the provider re-creates', () => {
    const critical = [...environmentConfig(name).platform.backup.criticalNamespaces].sort();
    for (const location of locations.keys()) {
      const cluster = templates.get(`rebuild-cluster-from-${location}`)!.spec;
      expect(cluster.excludedNamespaces).toEqual(expect.arrayContaining([...critical, 'kube-system', 'velero']));
      expect(cluster.excludedResources).toEqual(expect.arrayContaining(['applications.argoproj.io', 'appprojects.argoproj.io', 'validatingwebhookconfigurations.admissionregistration.k8s.io']));
      expect(cluster.includeClusterResources).toBe(true);
      expect(cluster.existingResourcePolicy).toBe('none');
      expect(templates.get(`rebuild-critical-from-${location}`)!.spec).toMatchObject({ includedNamespaces: critical, existingResourcePolicy: 'none' });
    }
  });

  it('keeps the restore templates out of every Application, and the check agrees', () => {
    const context = contextOf(env);
    const rendered = env.objects.filter((o) => o.folder === RESTORE_FOLDER);
    expect(rendered.length).toBeGreaterThan(0);
    for (const object of rendered) expect(context.ownersOf(object), object.file).toEqual([]);
    expect(runRules(context, [restoreOperatorApplied, argocdSingleOwner]).findings).toEqual([]);
  });
});

describe.each(subjects.flatMap(([title, name, env, replica]) => (replica ? [[title, name, env, replica] as const] : [])))('the replica location of %s', (_title, name, env, replicaConfig) => {
  it('gives the replica its own access key, from Vault below the environment prefix, as the credentials file its location names', () => {
    const replica = backupObjects<LocationObject>(env, 'BackupStorageLocation').find((l) => l.metadata.name === 'replica')!;
    expect(replica.spec.credential).toEqual({ name: 'velero-replica-credentials', key: 'cloud' });
    // Named, so the plugin reads this file rather than the primary's environment keys.
    expect(replica.spec.config['profile']).toBe('default');
    const secret = backupObjects<ExternalSecretObject>(env, 'ExternalSecret').find((s) => s.metadata.name === 'velero-replica-credentials')!;
    expect(secret.spec.data.map((d) => [d.remoteRef.key, d.remoteRef.property])).toEqual([
      [environmentKey(name, replicaConfig.credentialsKey), 'access-key-id'],
      [environmentKey(name, replicaConfig.credentialsKey), 'secret-access-key'],
    ]);
    const file = secret.spec.target.template!.data['cloud']!;
    expect(file.split('\n')[0]).toBe('[default]');
    for (const d of secret.spec.data) expect(file).toContain(`{{ .${d.secretKey} }}`);
  });
});

describe('backup.restoring: a replacement cluster restores', () => {
  const restoring = renderFixtureVariant('live', (p) => void (p.backup.restoring = true));
  const normal = renderFixtureVariant('live', () => undefined);

  it('makes every location ReadOnly and pauses every Schedule, so nothing is written or garbage-collected', () => {
    const locations = backupObjects<LocationObject>(restoring, 'BackupStorageLocation');
    expect(locations.map((l) => [l.metadata.name, l.spec.accessMode])).toEqual([['default', 'ReadOnly'], ['replica', 'ReadOnly']]);
    const schedules = backupObjects<ScheduleObject>(restoring, 'Schedule');
    expect(schedules).toHaveLength(4);
    for (const schedule of schedules) expect(schedule.spec.paused, schedule.metadata.name).toBe(true);
  });

  it('otherwise writes and schedules as usual (no paused field at all)', () => {
    for (const location of backupObjects<LocationObject>(normal, 'BackupStorageLocation')) expect(location.spec.accessMode).toBe('ReadWrite');
    for (const schedule of backupObjects<ScheduleObject>(normal, 'Schedule')) expect(schedule.spec.paused).toBeUndefined();
  });

  it('opens the replica endpoint\'s own port when it differs from the primary\'s', () => {
    const otherPort = renderFixtureVariant('live', (p) => void (p.backup.replica!.storage.endpoint = 'https://dr-objects.example.net:9000'));
    const policy = backupObjects<PolicyObject>(otherPort, 'NetworkPolicy').find((p) => p.metadata.name === 'allow-object-storage')!;
    expect(policy.spec.egress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([443, 9000]);
    const noReplica = renderFixtureVariant('live', (p) => void delete p.backup.replica);
    const single = backupObjects<PolicyObject>(noReplica, 'NetworkPolicy').find((p) => p.metadata.name === 'allow-object-storage')!;
    expect(single.spec.egress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([443]);
    expect(restores(noReplica).map((r) => r.metadata.name).sort()).toEqual(['rebuild-cluster-from-default', 'rebuild-critical-from-default']);
  });

  const crds = upstreamFolder('crds', 'Restore-mode objects against the pinned Velero CRDs');
  it.skipIf(!crds.available)('renders locations, Schedules and Restores the Velero CRDs accept', () => {
    const schemas = new CrdSchemas(crds.dir);
    const velero = restoring.objects.filter((o) => o.object.apiVersion === 'velero.io/v1');
    expect(velero.map((o) => o.object.kind).sort()).toEqual(['BackupStorageLocation', 'BackupStorageLocation', 'Restore', 'Restore', 'Restore', 'Restore', 'Schedule', 'Schedule', 'Schedule', 'Schedule']);
    expect(velero.flatMap((o) => schemas.check(o.object).errors.map((e) => `${o.file}: ${e}`))).toEqual([]);
  });
});
