import { z } from 'zod';
import { dnsLabel } from '../fields';
import { imageSchema } from '../overlay-schemas';
import { csiDriverName } from './common';
import { objectStorageSchema } from './object-storage';
import { resourcesSchema } from './quantities';

/** A Velero/Go duration in whole hours, e.g. 720h (30 days). */
const ttlHours = z.string().regex(/^[1-9][0-9]*h$/, 'a duration in hours such as 720h');

/** overlays/<env>/platform.yaml `backup:` Velero. */
export const backupSchema = z.strictObject({
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
});

export type BackupConfig = z.infer<typeof backupSchema>;
