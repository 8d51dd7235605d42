import { describe, expect, it } from 'vitest';
import { BACKUP_SCHEDULES } from '../../charts/platform/backup/velero-schedules';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { applicationOf, componentObject, componentObjects, environmentConfig, helmSourceOf } from '../support/platform';

type ScheduleObject = KubeObject & {
  spec: {
    schedule: string;
    useOwnerReferencesInBackup: boolean;
    template: { includedNamespaces: string[]; ttl: string; storageLocation: string; snapshotVolumes: boolean; snapshotMoveData: boolean; includeClusterResources?: boolean };
  };
};
type LocationObject = KubeObject & { spec: { provider: string; default: boolean; objectStorage: { bucket: string; prefix: string }; config: Record<string, string> } };
type VeleroValues = {
  configuration: { features: string; backupStorageLocation: unknown[] };
  credentials: { useSecret: boolean; extraSecretRef: string };
  deployNodeAgent: boolean;
  initContainers: Array<{ image: string }>;
  backupsEnabled: boolean;
};

const environments = await renderRepository();

/** Hours between runs of a `M H * * *` cron expression with a fixed minute. */
function cronIntervalHours(cron: string): number {
  const [minute, hour, ...rest] = cron.split(' ');
  expect(rest, cron).toEqual(['*', '*', '*']);
  expect(minute, cron).toMatch(/^\d+$/);
  if (/^\d+$/.test(hour!)) return 24;
  const step = /^\*\/(\d+)$/.exec(hour!);
  if (!step) throw new Error(`unsupported hour field in ${cron}`);
  return Number(step[1]);
}

describe('backup schedule definitions', () => {
  it('use the reference cron strings, and their alert windows match the cron intervals', () => {
    expect(BACKUP_SCHEDULES.map((s) => [s.name, s.cron])).toEqual([
      ['daily-full', '0 2 * * *'],
      ['critical-6h', '0 */6 * * *'],
    ]);
    for (const schedule of BACKUP_SCHEDULES) expect(cronIntervalHours(schedule.cron), schedule.name).toBe(schedule.intervalHours);
  });
});

describe.each(environments.map((env) => [env.environment, env] as const))('backup in %s', (name, env) => {
  const helm = helmSourceOf(applicationOf(env, 'backup'));
  const values = helm.helm.valuesObject as unknown as VeleroValues;
  const daily = componentObject<ScheduleObject>(env, 'backup', 'Schedule', 'daily-full');
  const critical = componentObject<ScheduleObject>(env, 'backup', 'Schedule', 'critical-6h');
  const location = componentObject<LocationObject>(env, 'backup', 'BackupStorageLocation', 'default');
  const overlay = environmentConfig(name).platform.backup;

  it('installs Velero 12.1.0 into the velero namespace', () => {
    expect(helm).toMatchObject({ chart: 'velero', targetRevision: '12.1.0', repoURL: 'https://vmware-tanzu.github.io/helm-charts' });
    expect(applicationOf(env, 'backup').spec.destination.namespace).toBe('velero');
  });

  it('backs up the whole cluster daily at 02:00 with the overlay ttl', () => {
    expect(daily.spec.schedule).toBe('0 2 * * *');
    expect(daily.spec.template).toMatchObject({ includedNamespaces: ['*'], includeClusterResources: true, ttl: overlay.dailyTtl });
  });

  it('backs up the critical namespaces every 6 hours with the overlay ttl', () => {
    expect(critical.spec.schedule).toBe('0 */6 * * *');
    expect(critical.spec.template).toMatchObject({ includedNamespaces: overlay.criticalNamespaces, ttl: overlay.criticalTtl });
    expect(critical.spec.template.includeClusterResources).toBeUndefined();
  });

  it('never lets deleting a Schedule delete its backups (useOwnerReferencesInBackup: false)', () => {
    for (const schedule of [daily, critical]) expect(schedule.spec.useOwnerReferencesInBackup).toBe(false);
  });

  it('writes to the overlay bucket outside the cluster, and no prune or delete ever removes the location', () => {
    expect(location.spec).toMatchObject({
      provider: 'aws',
      default: true,
      objectStorage: { bucket: overlay.storage.bucket, prefix: overlay.prefix },
      config: { region: overlay.storage.region, s3Url: overlay.storage.endpoint, s3ForcePathStyle: String(overlay.storage.forcePathStyle) },
    });
    expect(location.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true,Prune=false,Delete=false');
    for (const schedule of [daily, critical]) expect(schedule.spec.template.storageLocation).toBe(location.metadata.name);
    // The chart renders no second location.
    expect(values.backupsEnabled).toBe(false);
    expect(values.configuration.backupStorageLocation).toEqual([]);
  });

  it('takes S3 credentials from an ExternalSecret, never from a chart-made Secret', () => {
    expect(values.credentials).toEqual({ useSecret: false, extraSecretRef: 'velero-s3-credentials' });
    const externalSecret = componentObject<KubeObject & { spec: { target: { name: string }; data: Array<{ secretKey: string }> } }>(env, 'backup', 'ExternalSecret', 'velero-s3-credentials');
    expect(externalSecret.spec.data.map((d) => d.secretKey).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('snapshots volumes through CSI and moves the data into the bucket', () => {
    expect(values.configuration.features).toBe('EnableCSI');
    const snapshotClass = componentObject<KubeObject & { driver: string; deletionPolicy: string }>(env, 'backup', 'VolumeSnapshotClass', 'velero-csi');
    expect(snapshotClass.metadata.labels).toEqual({ 'velero.io/csi-volumesnapshot-class': 'true' });
    expect(snapshotClass).toMatchObject({ driver: overlay.csiDriver, deletionPolicy: 'Retain' });
    expect(snapshotClass.metadata.namespace).toBeUndefined();
    for (const schedule of [daily, critical]) expect(schedule.spec.template).toMatchObject({ snapshotVolumes: true, snapshotMoveData: true });
  });

  it('pins the object-store plugin by digest', () => {
    expect(values.initContainers.map((c) => c.image)).toEqual([expect.stringMatching(/^registry\.example\.com\/mirror\/velero\/velero-plugin-for-aws@sha256:[0-9a-f]{64}$/)]);
  });

  it('deploys the node agent in a namespace that is privileged for it, with the reason', () => {
    expect(values.deployNodeAgent).toBe(true);
    const namespace = componentObjects(env, 'backup').find((o) => o.kind === 'Namespace')!;
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/node agent .* hostPath/);
  });
});
