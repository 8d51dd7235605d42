// Heuristics for secret values committed as plain text. They are deliberately simple and err
// on the side of reporting: a false positive costs one reviewed exemption, a miss leaks a secret.

/** Names (env vars, ConfigMap keys) that usually hold a credential. */
const SENSITIVE_NAME = /(passw(or)?d|pwd|secret|token|api[-_.]?key|private[-_.]?key|access[-_.]?key|credential)/i;

/** Names that mention a credential but hold where it is, not the credential itself. */
const REFERENCE_NAME = /([-_.]?(file|path|url|uri|name|ref|endpoint|host|dir|id|mount|ttl|timeout|expiry|expiration))$/i;

/** Helm value keys that hold a credential: the last word of the key. */
const SENSITIVE_KEY_END = /(password|passwd|pwd|token|apikey|api_key|secretaccesskey|secret_access_key|privatekey|private_key|accesskey|secretkey|clientsecret|client_secret)$/i;

/** Values that are credentials whatever they are called. */
const SECRET_VALUE_PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'an AWS access key', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { what: 'a password in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/** Values that cannot be credentials even under a sensitive name (flags, numbers, empty). */
function isInnocuousValue(value: string): boolean {
  return value.trim() === '' || /^(true|false|yes|no|on|off|\d+(\.\d+)?[a-z]*)$/i.test(value.trim());
}

/** What secret a value looks like, or undefined. Never returns the value itself. */
export function secretLikeValue(value: string): string | undefined {
  return SECRET_VALUE_PATTERNS.find(({ pattern }) => pattern.test(value))?.what;
}

/** Why a name/value pair (env var, ConfigMap entry) looks like a committed secret, or undefined. */
export function secretLikeEntry(name: string, value: string): string | undefined {
  const byValue = secretLikeValue(value);
  if (byValue !== undefined) return `its value looks like ${byValue}`;
  if (SENSITIVE_NAME.test(name) && !REFERENCE_NAME.test(name) && !isInnocuousValue(value)) return 'its name suggests a credential and it has a literal value';
  return undefined;
}

/** Why a Helm value looks like a committed secret, or undefined. */
export function secretLikeHelmValue(key: string, value: string): string | undefined {
  const byValue = secretLikeValue(value);
  if (byValue !== undefined) return `its value looks like ${byValue}`;
  // existingSecret*, *SecretRef and the like name a Secret; they are the right way, not a leak.
  if (SENSITIVE_KEY_END.test(key) && !/^existing/i.test(key) && !isInnocuousValue(value)) return 'its key suggests a credential and it has a literal value';
  return undefined;
}
