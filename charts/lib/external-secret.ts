import { Construct } from 'constructs';
import {
  ExternalSecret as ExternalSecretObject,
  ExternalSecretSpecDataRemoteRefConversionStrategy,
  ExternalSecretSpecDataRemoteRefDecodingStrategy,
  ExternalSecretSpecDataRemoteRefMetadataPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../../imports/external-secrets-externalsecret-external-secrets.io';
import { vaultKey, type SecretScope } from './secret-scope';

export { CLUSTER_SECRET_STORE } from './secret-scope';

export interface SecretKeyReference {
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Path of the secret in the store without the environment, e.g. platform/cert-manager/cloudflare. */
  readonly remoteKey: string;
  /** Property inside that secret, e.g. api-token. */
  readonly property: string;
}

export interface ExternalSecretProps {
  /** Name of the ExternalSecret and of the Secret it creates. */
  readonly name: string;
  /** Namespace of both (explicit: a ClusterSecretStore is cluster-wide). */
  readonly namespace: string;
  /** The store and the part of Vault the keys are read from (charts/lib/secret-scope.ts). */
  readonly scope: SecretScope;
  readonly data: readonly SecretKeyReference[];
  /**
   * How often the controller re-reads the store.
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * Keys of the Secret rendered by ESO's template engine (v2: Go templates over the `data` keys,
   * e.g. `{{ .token }}`), for a Secret that is a document around a secret value (a config file
   * holding a token). The document itself is in Git; only the value comes from the store.
   * @default - the Secret holds exactly the `data` keys
   */
  readonly template?: Readonly<Record<string, string>>;
}

/**
 * A Secret delivered by External Secrets from Vault through the scope's store, each key below the
 * environment's prefix. Git only ever holds this reference; the value stays in the store. Fields the controller would default are rendered
 * explicitly, or Argo CD would see a permanent diff (ESO #5895, #6797).
 */
export class ExternalSecret extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    if (props.data.length === 0) throw new Error(`ExternalSecret '${props.name}': data must list at least one key`);
    this.secretName = props.name;
    const where = `ExternalSecret '${props.name}' in namespace ${props.namespace}`;
    const { store } = props.scope;
    new ExternalSecretObject(this, 'resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: {
          kind: store.kind === 'ClusterSecretStore' ? ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE : ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
          name: store.name,
        },
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          ...(props.template
            ? { template: { engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2, mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.REPLACE, data: { ...props.template } } }
            : {}),
        },
        data: props.data.map((item) => ({
          secretKey: item.secretKey,
          remoteRef: {
            key: vaultKey(props.scope, item.remoteKey, where),
            property: item.property,
            conversionStrategy: ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT,
            decodingStrategy: ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE,
            metadataPolicy: ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE,
          },
        })),
      },
    });
  }
}
