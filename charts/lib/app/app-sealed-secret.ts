import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AppSecret } from '../app-definition';
import { sealedKbsReference, kbsResourceUri, KBS_SEGMENT, type KbsResource } from '../sealed-secret';
import { appKeyRoot } from '../secret-scope';
import type { AppContext } from './app-context';

/**
 * The KBS resource holding one secret of an app in one environment:
 * kbs:///<environmentPrefix>/<app>/<tag>, the tag being the secret's path below apps/<app>/ and
 * its property, joined by dots (apps/worker/signing, key-id -> signing.key-id). The repository is
 * the environment's prefix (externalSecrets.keys.environmentPrefix), so one environment's
 * references can never name another's resources, as its Vault keys cannot.
 */
export function appKbsResource(app: string, environmentPrefix: string, secret: AppSecret, where: string): KbsResource {
  const root = `${appKeyRoot(app)}/`;
  if (!secret.remoteKey.startsWith(root)) {
    throw new Error(`${where}: remoteKey ${secret.remoteKey} is outside ${root}, expected a key such as ${root}<name>`);
  }
  const tag = [...secret.remoteKey.slice(root.length).split('/'), secret.property].join('.');
  if (!KBS_SEGMENT.test(tag)) {
    throw new Error(`${where}: remoteKey ${secret.remoteKey} and property ${secret.property} make the KBS resource tag '${tag}', expected letters, digits, _ and - first, then also dots (Trustee's resource path)`);
  }
  return { repository: environmentPrefix, type: app, tag };
}

/** The Secret of a confidential app's sealed references (named apart from the ExternalSecret's, so switching never fights over one object). */
export function sealedSecretName(app: string): string {
  return `${app}-sealed`;
}

/**
 * A confidential app's secrets in an environment with an attestation broker: one Secret whose
 * every value is a sealed reference to the app's KBS resource (charts/lib/sealed-secret.ts). The
 * container reads it through secretKeyRef like any Secret; the Kata agent in the guest has the
 * Confidential Data Hub replace each reference with the resource after attestation. Git, etcd
 * and the host hold references only, so the no-secret-values rule accepts it.
 */
export class AppSealedSecret extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, context: AppContext, secrets: readonly AppSecret[]) {
    super(scope, id);
    const { app, environment, labels } = context;
    const prefix = environment.platform.externalSecrets.keys.environmentPrefix;
    const byUri = new Map<string, AppSecret>();
    const stringData: Record<string, string> = {};
    for (const secret of secrets) {
      const where = `app '${app.name}' in ${environment.name}: secrets ${secret.env}`;
      const resource = appKbsResource(app.name, prefix, secret, where);
      const uri = kbsResourceUri(resource);
      const other = byUri.get(uri);
      if (other !== undefined && (other.remoteKey !== secret.remoteKey || other.property !== secret.property)) {
        throw new Error(`${where}: ${secret.remoteKey} ${secret.property} and ${other.env}'s ${other.remoteKey} ${other.property} both become ${uri}, expected keys and properties that differ after joining with dots`);
      }
      byUri.set(uri, secret);
      stringData[secret.env] = sealedKbsReference(resource);
    }
    this.secretName = sealedSecretName(app.name);
    new k8s.KubeSecret(this, 'resource', {
      metadata: { name: this.secretName, labels: { ...labels } },
      type: 'Opaque',
      stringData,
    });
  }
}
