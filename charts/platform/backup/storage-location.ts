import { Construct } from 'constructs';
import { BackupStorageLocation, BackupStorageLocationSpecAccessMode } from '../../../imports/velero-backupstoragelocation-velero.io';
import type { ObjectStorage } from '../../../src/config/platform/object-storage';
import { afterHelmCrds } from '../../lib/sync-options';

export interface StorageLocationProps {
  /** The BackupStorageLocation's name; Schedules and backups refer to it. */
  readonly name: string;
  readonly storage: ObjectStorage;
  /** Key prefix inside the bucket. */
  readonly prefix: string;
  /** Velero's default location (backups that name none go there): exactly one is. */
  readonly isDefault: boolean;
  /** ReadOnly while a replacement cluster restores (overlay backup.restoring). */
  readonly readOnly: boolean;
  /**
   * A Secret key holding an AWS shared-credentials file for this location alone.
   * @default - the server's environment credentials (velero-s3-credentials)
   */
  readonly credential?: { readonly name: string; readonly key: string };
}

/** Profile of the credentials file a location's own Secret holds. */
export const CREDENTIALS_PROFILE = 'default';

/**
 * One Velero BackupStorageLocation on S3-compatible storage outside the cluster, through
 * velero-plugin-for-aws. Deleting it (a prune, or deleting the Application) would orphan every
 * backup in it, so Argo CD never does.
 */
export class StorageLocation extends Construct {
  constructor(scope: Construct, id: string, props: StorageLocationProps) {
    super(scope, id);
    const { storage } = props;
    const location = new BackupStorageLocation(this, 'resource', {
      metadata: { name: props.name },
      spec: {
        provider: 'aws',
        default: props.isDefault,
        accessMode: props.readOnly ? BackupStorageLocationSpecAccessMode.READ_ONLY : BackupStorageLocationSpecAccessMode.READ_WRITE,
        objectStorage: { bucket: storage.bucket, prefix: props.prefix },
        ...(props.credential ? { credential: { name: props.credential.name, key: props.credential.key } } : {}),
        config: {
          region: storage.region,
          s3Url: storage.endpoint,
          s3ForcePathStyle: String(storage.forcePathStyle),
          // The AWS SDK takes AWS_ACCESS_KEY_ID from the environment (the primary's keys) over a
          // credentials file unless a profile is named: naming it makes this location's file win.
          ...(props.credential ? { profile: CREDENTIALS_PROFILE } : {}),
        },
      },
    });
    afterHelmCrds(location);
    location.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true,Prune=false,Delete=false');
  }
}
