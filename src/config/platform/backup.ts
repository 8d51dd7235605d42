import { z } from 'zod';
import { dnsLabel } from '../fields';
import { imageSchema } from '../overlay-schemas';
import { csiDriverName, vaultSecretRef } from './common';
import { objectStorageSchema } from './object-storage';
import { resourcesSchema } from './quantities';

/** A Velero/Go duration in whole hours, e.g. 720h (30 days). */
const ttlHours = z.string().regex(/^[1-9][0-9]*h$/, 'a duration in hours such as 720h');

/**
 * A second BackupStorageLocation in another region that every backup is also written to (by its
 * own Schedules), so losing the region loses no backup (docs/decisions/disaster-recovery.md).
 */
export const backupReplicaSchema = z.strictObject({
  /** The second region's S3-compatible bucket, outside the cluster. */
  storage: objectStorageSchema,
  /** Key prefix inside that bucket (the cluster's folder there). */
  prefix: dnsLabel,
  /**
   * Vault key (below platform/) holding that bucket's own access key, properties `access-key-id`
   * and `secret-access-key`: separate credentials, so a leaked primary key cannot delete the replica.
   */
  credentialsKey: vaultSecretRef.shape.remoteKey,
});

export type BackupReplicaConfig = z.infer<typeof backupReplicaSchema>;

/** overlays/<env>/platform.yaml `backup:` Velero. */
export const backupSchema = z
  .strictObject({
  /** BackupStorageLocation: an S3-compatible bucket outside the cluster. */
  storage: objectStorageSchema,
  /** Key prefix inside the bucket (one bucket may hold several clusters). */
  prefix: dnsLabel,
  /** How long the daily whole-cluster backups are kept. */
  dailyTtl: ttlHours,
  /** Namespaces also backed up every 6 hours (databases, stateful apps). */
  criticalNamespaces: z.array(dnsLabel).min(1),
  /** How long the 6-hourly backups of the critical namespaces are kept. */
  criticalTtl: ttlHours,
  /** CSI driver whose snapshots Velero takes (the VolumeSnapshotClass driver), e.g. ebs.csi.aws.com. */
  csiDriver: csiDriverName,
  /** velero-plugin-for-aws (the S3 object store plugin), pinned by digest. */
  awsPluginImage: imageSchema,
  /** Velero server resources. */
  resources: resourcesSchema,
  /** Node agent (file-system backup of dump volumes) resources, per node. */
  nodeAgentResources: resourcesSchema,
  /** Optional: a second region's location every backup is replicated to. */
  replica: backupReplicaSchema.optional(),
  /**
   * true while a replacement cluster restores from the backups (docs/RUNBOOK-restore.md): every
   * location is ReadOnly (nothing is written to or garbage-collected from it) and every Schedule
   * is paused, so the new, still empty cluster cannot become the newest backup. Default false.
   */
  restoring: z.boolean().optional(),
})
  .superRefine((backup, ctx) => {
    const { replica } = backup;
    if (replica === undefined) return;
    // A replica in the very same place is no replica: one outage or one deletion takes both.
    if (replica.storage.endpoint === backup.storage.endpoint && replica.storage.region === backup.storage.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['replica', 'storage', 'region'],
        input: replica.storage.region,
        message: `the same endpoint and region as backup.storage, expected a location in a second region (another region, or another endpoint)`,
      });
    }
  });

export type BackupConfig = z.infer<typeof backupSchema>;
