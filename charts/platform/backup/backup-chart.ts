import type { Construct } from 'constructs';
import { VolumeSnapshotClass, VolumeSnapshotClassDeletionPolicy } from '../../../imports/external-snapshotter-volumesnapshotclass-snapshot.storage.k8s.io';
import { Schedule, type ScheduleSpecTemplate } from '../../../imports/velero-schedule-velero.io';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import type { BackupConfig } from '../../../src/config/platform/backup';
import { DistChart } from '../../lib/dist-chart';
import { ExternalSecret } from '../../lib/external-secret';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { platformSecretScope } from '../../lib/secret-scope';
import { afterHelmCrds } from '../../lib/sync-options';
import { inSyncWave } from '../../lib/sync-wave';
import { HELM_CHARTS } from '../../lib/versions';
import { backupSchedulesOf, CRITICAL_BACKUP, PRIMARY_LOCATION, REPLICA_LOCATION, VELERO_NAMESPACE, type LocatedBackupSchedule } from './velero-schedules';
import { REPLICA_CREDENTIALS_KEY, ReplicaCredentials } from './replica-credentials';
import { StorageLocation } from './storage-location';
import { veleroFacts } from './velero-facts';
import { veleroValues, type VeleroValues } from './velero-values';
import { backupNetworkAllows } from './backup-network';

/** Label Velero looks for to pick the VolumeSnapshotClass of a CSI driver. */
export const VELERO_SNAPSHOT_CLASS_LABEL = 'velero.io/csi-volumesnapshot-class';

export interface BackupChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Velero: the Helm chart (server, node agent, CRDs) plus the BackupStorageLocation on S3-compatible
 * storage outside the cluster, the CSI VolumeSnapshotClass and the two Schedules: the whole
 * cluster daily and the critical namespaces every 6 hours. Volume data is moved into the bucket
 * (snapshotMoveData), so a backup survives the loss of the cluster and of its storage system.
 */
export class BackupChart extends DistChart {
  readonly values: VeleroValues;

  constructor(scope: Construct, props: BackupChartProps) {
    const config = props.environment.platform.backup;
    const credentialsSecret = 'velero-s3-credentials';
    const values = veleroValues({ config, credentialsSecret, priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS });
    super(scope, 'backup', {
      layer: 'platform',
      namespace: VELERO_NAMESPACE,
      helm: { chart: HELM_CHARTS.velero, releaseName: 'velero', values, facts: veleroFacts(values, VELERO_NAMESPACE) },
    });
    this.values = values;

    new PlatformNamespace(this, 'namespace', {
      name: VELERO_NAMESPACE,
      podSecurity: 'privileged',
      enforceVersion: props.environment.platform.tenancy.podSecurityVersion,
      allows: backupNetworkAllows(config, props.environment.platform.network.apiServerCidrs),
      reason: 'the Velero node agent runs as root with a hostPath mount of /var/lib/kubelet/pods to back up pod volumes (the server itself runs restricted)',
    });

    const secretScope = platformSecretScope(props.environment.platform.externalSecrets);
    const secret = new ExternalSecret(this, 's3-credentials', {
      name: credentialsSecret,
      namespace: VELERO_NAMESPACE,
      scope: secretScope,
      data: [
        // The AWS SDK in the object-store plugin and the node agent read these variables.
        { secretKey: 'AWS_ACCESS_KEY_ID', remoteKey: 'platform/backup/velero-s3', property: 'access-key-id' },
        { secretKey: 'AWS_SECRET_ACCESS_KEY', remoteKey: 'platform/backup/velero-s3', property: 'secret-access-key' },
      ],
    });
    inSyncWave(secret, -1);

    const readOnly = config.restoring ?? false;
    new StorageLocation(this, 'storage-location', { name: PRIMARY_LOCATION, storage: config.storage, prefix: config.prefix, isDefault: true, readOnly });
    if (config.replica) {
      const credentials = new ReplicaCredentials(this, 'replica-credentials', {
        name: 'velero-replica-credentials',
        namespace: VELERO_NAMESPACE,
        scope: secretScope,
        remoteKey: config.replica.credentialsKey,
      });
      new StorageLocation(this, 'replica-location', {
        name: REPLICA_LOCATION,
        storage: config.replica.storage,
        prefix: config.replica.prefix,
        isDefault: false,
        readOnly,
        credential: { name: credentials.secretName, key: REPLICA_CREDENTIALS_KEY },
      });
    }

    // The VolumeSnapshot CRDs belong to the cluster's CSI snapshot controller, a cluster
    // prerequisite (src/check/cluster-provided-crds.ts).
    new VolumeSnapshotClass(this, 'snapshot-class', {
      metadata: {
        name: 'velero-csi',
        labels: { [VELERO_SNAPSHOT_CLASS_LABEL]: 'true' },
      },
      driver: config.csiDriver,
      // Retain: Velero decides when a snapshot goes (it flips this when the backup expires).
      deletionPolicy: VolumeSnapshotClassDeletionPolicy.RETAIN,
    });

    for (const schedule of backupSchedulesOf(config)) {
      const object = new Schedule(this, `schedule-${schedule.name}`, {
        metadata: { name: schedule.name },
        spec: {
          schedule: schedule.cron,
          // true: deleting or pruning the Schedule would delete all its backups.
          useOwnerReferencesInBackup: false,
          // Only while a replacement cluster restores: its empty state must not become the newest backup.
          ...(readOnly ? { paused: true } : {}),
          template: scheduleTemplate(schedule, config),
        },
      });
      afterHelmCrds(object);
    }
  }
}

/**
 * What one Schedule backs up. Daily: every namespace and the cluster-scoped objects. Critical:
 * the overlay's namespaces, includeClusterResources unset on purpose (Velero then adds the
 * cluster-scoped objects these namespaces use, their PersistentVolumes, and nothing else). Both
 * move volume data into the location's bucket (snapshotMoveData): a CSI snapshot stays in the
 * volume's region, the bucket copy is what a replacement cluster elsewhere restores from.
 */
function scheduleTemplate(schedule: LocatedBackupSchedule, config: BackupConfig): ScheduleSpecTemplate {
  const common = { snapshotVolumes: true, snapshotMoveData: true, storageLocation: schedule.location };
  return schedule.definition === CRITICAL_BACKUP
    ? { includedNamespaces: [...config.criticalNamespaces].sort(), ...common, ttl: config.criticalTtl }
    : { includedNamespaces: ['*'], includeClusterResources: true, ...common, ttl: config.dailyTtl };
}
