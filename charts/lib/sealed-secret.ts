/**
 * Sealed secrets of Confidential Containers (guest-components, confidential-data-hub/docs/
 * SEALED_SECRET.md): a Kubernetes Secret value that is only a pointer, `sealed.<JWS header>.<JWS
 * payload>.<JWS signature>`, whose payload is the JSON `{"version":"0.1.0","type":"vault",
 * "name":"kbs:///<repository>/<type>/<tag>","provider":"kbs","provider_settings":{},
 * "annotations":{}}` encoded base64url without padding. Inside the TEE, the Kata agent hands
 * every env value and secret volume file starting with `sealed.` to the Confidential Data Hub,
 * which attests to the Key Broker Service and puts the resource's value in its place; the host,
 * etcd and Git only ever hold the pointer.
 *
 * Unsigned (`fakejwsheader`, `fakesignature`): the Data Hub of the pinned runtime (kata-deploy
 * 3.22.0) does not verify signatures yet (guest-components PR 1272, 2026, added ES256 signing and
 * makes it the default; docs/decisions/confidential-workloads.md says what a bump needs).
 */

export const SEALED_SECRET_VERSION = '0.1.0';
const UNSIGNED_HEADER = 'fakejwsheader';
const UNSIGNED_SIGNATURE = 'fakesignature';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The provider that fulfils a vault sealed secret from the Key Broker Service after attestation. */
export const KBS_PROVIDER = 'kbs';

/** A vault sealed secret: a pointer to a value a provider (the KBS) hands out after attestation. */
export interface VaultSealedSecret {
  readonly version: string;
  readonly type: 'vault';
  /** The resource URI, e.g. kbs:///prod/worker/signing.key-id. */
  readonly name: string;
  readonly provider: string;
  readonly provider_settings: Readonly<Record<string, unknown>>;
  readonly annotations: Readonly<Record<string, unknown>>;
}

/** A KBS resource: kbs:///<repository>/<type>/<tag>, each segment as Trustee accepts it. */
export interface KbsResource {
  readonly repository: string;
  readonly type: string;
  readonly tag: string;
}

/** Trustee's ResourceDesc segment: letters, digits, _ and -, then also dots. */
export const KBS_SEGMENT = /^[a-zA-Z0-9_-]+[a-zA-Z0-9_.-]*$/;

export function kbsResourceUri(resource: KbsResource): string {
  for (const [what, segment] of Object.entries(resource)) {
    if (!KBS_SEGMENT.test(segment)) throw new Error(`KBS resource ${what} '${segment}': expected letters, digits, _ and - first, then also dots (Trustee's resource path)`);
  }
  return `kbs:///${resource.repository}/${resource.type}/${resource.tag}`;
}

/** The resource of a kbs:/// URI (the KBS the guest's initdata names), or undefined for anything else. */
export function parseKbsResourceUri(uri: string): KbsResource | undefined {
  const match = /^kbs:\/\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
  if (!match || ![match[1]!, match[2]!, match[3]!].every((segment) => KBS_SEGMENT.test(segment))) return undefined;
  return { repository: match[1]!, type: match[2]!, tag: match[3]! };
}

/** The sealed secret pointing at a KBS resource, in the form the pinned Data Hub parses. */
export function sealedKbsReference(resource: KbsResource): string {
  const secret: VaultSealedSecret = {
    version: SEALED_SECRET_VERSION,
    type: 'vault',
    name: kbsResourceUri(resource),
    provider: KBS_PROVIDER,
    provider_settings: {},
    annotations: {},
  };
  return `sealed.${UNSIGNED_HEADER}.${Buffer.from(JSON.stringify(secret), 'utf8').toString('base64url')}.${UNSIGNED_SIGNATURE}`;
}

export type SealedSecretReading =
  | { readonly kind: 'vault'; readonly secret: VaultSealedSecret }
  /** It starts with `sealed.` but the Data Hub would not unseal it as a pointer: why. */
  | { readonly kind: 'invalid'; readonly problem: string };

/**
 * Reads a value the way the Data Hub does (four dot-separated sections, the third base64url
 * without padding, JSON of version 0.1.0), accepting only what the platform renders: an unsigned
 * vault secret. Undefined when the value does not start with `sealed.` (the agent passes it on
 * as it is). An envelope secret is refused: it carries the encrypted value itself, not a pointer.
 */
export function readSealedSecret(value: string): SealedSecretReading | undefined {
  if (!value.startsWith('sealed.')) return undefined;
  const invalid = (problem: string): SealedSecretReading => ({ kind: 'invalid', problem });
  const sections = value.split('.');
  if (sections.length !== 4) return invalid(`${sections.length} dot-separated sections, expected 4 (sealed.<header>.<payload>.<signature>)`);
  const [, header, payload, signature] = sections as [string, string, string, string];
  if (header !== UNSIGNED_HEADER || signature !== UNSIGNED_SIGNATURE) return invalid(`a signed or unknown JWS header/signature, expected the unsigned form (${UNSIGNED_HEADER}, ${UNSIGNED_SIGNATURE}) the platform renders`);
  if (!BASE64URL.test(payload) || payload.length % 4 === 1) return invalid('a payload that is not base64url without padding (the Data Hub decodes URL_SAFE_NO_PAD)');
  let secret: unknown;
  try {
    secret = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid('a payload that is not JSON');
  }
  if (!isRecord(secret)) return invalid('a payload that is not a JSON object');
  if (secret['version'] !== SEALED_SECRET_VERSION) return invalid(`version ${JSON.stringify(secret['version'])}, expected "${SEALED_SECRET_VERSION}"`);
  if (secret['type'] === 'envelope') return invalid('an envelope secret, which carries the encrypted value itself, expected a vault secret (a pointer to a broker resource)');
  if (secret['type'] !== 'vault') return invalid(`type ${JSON.stringify(secret['type'])}, expected "vault"`);
  const { name, provider } = secret;
  const settings = secret['provider_settings'];
  const annotations = secret['annotations'] ?? {};
  if (typeof name !== 'string' || typeof provider !== 'string' || !isRecord(settings) || !isRecord(annotations)) {
    return invalid('a vault secret without a string name and provider and an object provider_settings');
  }
  return { kind: 'vault', secret: { version: SEALED_SECRET_VERSION, type: 'vault', name, provider, provider_settings: settings, annotations } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
