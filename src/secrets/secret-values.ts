import { readSealedSecret, type VaultSealedSecret } from '../../charts/lib/sealed-secret';
import { hasHighEntropyToken } from './entropy';

/**
 * Values that are credentials whatever they are called. Formats from the issuers' own
 * documentation of their token prefixes; each pattern names what it found, never the value.
 */
const KNOWN_FORMATS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { what: 'an AWS access key', pattern: /\b(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/ },
  { what: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { what: 'a Stripe secret key', pattern: /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { what: 'an OpenAI or Anthropic API key', pattern: /\bsk-(ant-|proj-)?[A-Za-z0-9_-]{32,}/ },
  { what: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** scheme://user:password@host; the password group is checked for being a reference. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/gi;

/** An Authorization header value: a scheme, then the credential itself. */
const AUTHORIZATION = /\b(Basic|Bearer|Token|Digest|Negotiate|Apikey)\s+([A-Za-z0-9+/._~-]{8,}=*)/gi;

/** Placeholders the consumer fills in at run time: ${VAR}, $(VAR) (Kubernetes env), {{ template }}. */
const REFERENCE = /^(\$\{[^}]+\}|\$\([^)]+\)|\{\{.+\}\})$/;

/**
 * PEM blocks of public material (certificates, public keys) and SSH public keys: high-entropy
 * by nature and meant to be published, so they are removed before the entropy scan.
 */
const PUBLIC_MATERIAL = /-----BEGIN (CERTIFICATE|PUBLIC KEY|[A-Z]+ PUBLIC KEY|X509 CRL)-----[\s\S]*?-----END \1-----|\b(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/g;

/** What credential a value looks like ("a GitHub token"), or undefined. Never returns the value. */
export function credentialInValue(value: string): string | undefined {
  // A sealed reference is an encoded pointer (charts/lib/sealed-secret.ts): judge what it carries.
  const sealed = readSealedSecret(value.trim());
  if (sealed?.kind === 'vault') {
    const what = sealedStrings(sealed.secret).map(credentialInValue).find((found) => found !== undefined);
    return what === undefined ? undefined : `a sealed secret carrying ${what}`;
  }
  const known = KNOWN_FORMATS.find(({ pattern }) => pattern.test(value));
  if (known !== undefined) return known.what;
  for (const match of value.matchAll(URL_CREDENTIALS)) {
    if (!REFERENCE.test(match[1]!)) return 'a password in a URL';
  }
  for (const match of value.matchAll(AUTHORIZATION)) {
    if (looksLikeCredential(match[2]!)) return `an Authorization header value (${match[1]} credentials)`;
  }
  if (hasHighEntropyToken(value.replace(PUBLIC_MATERIAL, ''))) return 'a randomly generated secret (high-entropy token)';
  return undefined;
}

/** Prose ("Bearer authentication") is one capitalised word; a credential has digits, symbols or humps. */
function looksLikeCredential(token: string): boolean {
  return /[0-9+/=_.~-]/.test(token) || (/[A-Z]/.test(token.slice(1)) && /[a-z]/.test(token));
}

/**
 * Values that cannot be a credential even under a credential's name: empty, booleans, numbers
 * (with a unit), and references the consumer resolves (${VAR}, $(VAR), {{ template }}).
 */
export function isInnocuousValue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed === '' || /^(true|false|yes|no|on|off|none|null|\d+(\.\d+)?[a-z]*)$/i.test(trimmed) || REFERENCE.test(trimmed) || isSealedReference(trimmed);
}

/**
 * A Confidential Containers vault sealed secret: a pointer the guest's Data Hub resolves after
 * attestation, so a reference like ${VAR} (what it carries is judged by credentialInValue).
 */
export function isSealedReference(value: string): boolean {
  return readSealedSecret(value)?.kind === 'vault';
}

/** Every string a sealed vault secret carries: its name, provider and the leaves of its settings and annotations. */
function sealedStrings(secret: VaultSealedSecret): string[] {
  const leaves = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(leaves) : typeof value === 'object' && value !== null ? Object.values(value).flatMap(leaves) : [];
  return [secret.name, secret.provider, ...leaves(secret.provider_settings), ...leaves(secret.annotations)];
}
