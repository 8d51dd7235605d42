import { Construct } from 'constructs';
import { ExternalSecret } from '../../lib/external-secret';
import type { SecretScope } from '../../lib/secret-scope';
import { inSyncWave } from '../../lib/sync-wave';
import { CREDENTIALS_PROFILE } from './storage-location';

export interface ReplicaCredentialsProps {
  /** Name of the ExternalSecret and its Secret. */
  readonly name: string;
  readonly namespace: string;
  readonly scope: SecretScope;
  /** Vault key (below platform/) with properties access-key-id and secret-access-key. */
  readonly remoteKey: string;
}

/** Key of the Secret holding the credentials file (BackupStorageLocation.spec.credential.key). */
export const REPLICA_CREDENTIALS_KEY = 'cloud';

/**
 * The replica location's own access key as an AWS shared-credentials file, the format Velero
 * hands the object-store plugin for a location's `credential` (velero docs, api-types
 * backupstoragelocation.md). ESO fills in the two values from Vault; the file around them is here.
 */
export class ReplicaCredentials extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: ReplicaCredentialsProps) {
    super(scope, id);
    this.secretName = props.name;
    const secret = new ExternalSecret(this, 'external-secret', {
      name: props.name,
      namespace: props.namespace,
      scope: props.scope,
      data: [
        { secretKey: 'accessKeyId', remoteKey: props.remoteKey, property: 'access-key-id' },
        { secretKey: 'secretAccessKey', remoteKey: props.remoteKey, property: 'secret-access-key' },
      ],
      template: { [REPLICA_CREDENTIALS_KEY]: `[${CREDENTIALS_PROFILE}]\naws_access_key_id = {{ .accessKeyId }}\naws_secret_access_key = {{ .secretAccessKey }}\n` },
    });
    inSyncWave(secret, -1);
  }
}
