import type { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { VolumeSnapshotClass, VolumeSnapshotClassDeletionPolicy } from '../../../imports/external-snapshotter-volumesnapshotclass-snapshot.storage.k8s.io';
import { BackupStorageLocation, BackupStorageLocationSpecAccessMode } from '../../../imports/velero-backupstoragelocation-velero.io';
import { Schedule } from '../../../imports/velero-schedule-velero.io';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { ExternalSecret } from '../../lib/external-secret';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { platformSecretScope } from '../../lib/secret-scope';
import { afterHelmCrds } from '../../lib/sync-options';
import { inSyncWave } from '../../lib/sync-wave';
import { HELM_CHARTS } from '../../lib/versions';
import { CRITICAL_BACKUP, DAILY_FULL_BACKUP, VELERO_NAMESPACE } from './velero-schedules';
import { veleroFacts } from './velero-facts';
import { veleroValues, type VeleroValues } from './velero-values';
import { backupNetworkAllows } from './backup-network';

/** The one BackupStorageLocation; Schedules name it explicitly. */
export const BACKUP_STORAGE_LOCATION = 'default';

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

    const secret = new ExternalSecret(this, 's3-credentials', {
      name: credentialsSecret,
      namespace: VELERO_NAMESPACE,
      scope: platformSecretScope(props.environment.platform.externalSecrets),
      data: [
        // The AWS SDK in the object-store plugin and the node agent read these variables.
        { secretKey: 'AWS_ACCESS_KEY_ID', remoteKey: 'platform/backup/velero-s3', property: 'access-key-id' },
        { secretKey: 'AWS_SECRET_ACCESS_KEY', remoteKey: 'platform/backup/velero-s3', property: 'secret-access-key' },
      ],
    });
    inSyncWave(secret, -1);

    const location = new BackupStorageLocation(this, 'storage-location', {
      metadata: { name: BACKUP_STORAGE_LOCATION },
      spec: {
        provider: 'aws',
        default: true,
        accessMode: BackupStorageLocationSpecAccessMode.READ_WRITE,
        objectStorage: { bucket: config.storage.bucket, prefix: config.prefix },
        config: { region: config.storage.region, s3Url: config.storage.endpoint, s3ForcePathStyle: String(config.storage.forcePathStyle) },
      },
    });
    afterHelmCrds(location);
    // Deleting the location (a prune, or deleting the Application) would orphan every backup in it.
    location.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true,Prune=false,Delete=false');

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

    const schedules: ApiObject[] = [
      new Schedule(this, 'schedule-daily-full', {
        metadata: { name: DAILY_FULL_BACKUP.name },
        spec: {
          schedule: DAILY_FULL_BACKUP.cron,
          // true: deleting or pruning the Schedule would delete all its backups.
          useOwnerReferencesInBackup: false,
          template: {
            includedNamespaces: ['*'],
            includeClusterResources: true,
            snapshotVolumes: true,
            snapshotMoveData: true,
            storageLocation: BACKUP_STORAGE_LOCATION,
            ttl: config.dailyTtl,
          },
        },
      }),
      new Schedule(this, 'schedule-critical', {
        metadata: { name: CRITICAL_BACKUP.name },
        spec: {
          schedule: CRITICAL_BACKUP.cron,
          useOwnerReferencesInBackup: false,
          // includeClusterResources unset on purpose: Velero then adds the cluster-scoped objects
          // these namespaces use (their PersistentVolumes), and nothing else.
          template: {
            includedNamespaces: [...config.criticalNamespaces].sort(),
            snapshotVolumes: true,
            snapshotMoveData: true,
            storageLocation: BACKUP_STORAGE_LOCATION,
            ttl: config.criticalTtl,
          },
        },
      }),
    ];
    for (const schedule of schedules) afterHelmCrds(schedule);
  }
}
