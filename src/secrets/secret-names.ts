/**
 * Names (environment variables, ConfigMap keys, Helm value keys) that say their value is a
 * credential. A name is cut into words at `_`, `-`, `.`, spaces and camelCase humps
 * (DB_PASS -> db pass, apiKey -> api key), then:
 *
 * - a name ending in a descriptor (…_FILE, …_PATH, …_URL, …_TTL, …_MODE, …Ref, …Name) says
 *   where or how a credential is used, not what it is: TOKEN_TTL, PASSWORD_FILE, secretName;
 * - `existing…` names the Secret that holds the value (the Helm charts' existingSecret);
 * - `key` is a credential after a word that makes it one (SESSION_KEY, API_KEY, SECRET_KEY,
 *   SECRET_ACCESS_KEY), and not otherwise (topologyKey, KEYBOARD_LAYOUT, passwordKey, the
 *   key *in* a Secret that holds the password);
 * - otherwise any credential word anywhere makes it one (PASSWORD, DB_PASS, GPG_PASSPHRASE,
 *   AUTH, JWT_SECRET, GITHUB_TOKEN, CREDENTIALS), and so does a single word that ends in one
 *   (PGPASSWORD, apitoken).
 */

const CREDENTIAL_WORDS = new Set(['pass', 'passwd', 'password', 'passwords', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'creds', 'auth', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'sessionkey', 'authtoken', 'accesstoken', 'refreshtoken', 'clientsecret', 'cookie']);

/** Words before `key` that make it a credential. */
const KEY_QUALIFIERS = new Set(['api', 'secret', 'session', 'private', 'access', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'master', 'client', 'hmac', 'jwt', 'license', 'account', 'ssh', 'gpg', 'pgp', 'crypto', 'cookie', 'webhook', 'shared', 'csrf', 'xsrf', 'aes', 'cipher', 'service', 'app', 'admin', 'root', 'auth', 'bot', 'deploy']);

/** Last words that describe a credential instead of holding it. */
const DESCRIPTORS = new Set([
  'file', 'files', 'path', 'paths', 'dir', 'url', 'uri', 'endpoint', 'host', 'hostname', 'port', 'name', 'names', 'id', 'ids', 'ref', 'refs', 'mount',
  'ttl', 'timeout', 'expiry', 'expiration', 'expires', 'lifetime', 'age', 'interval', 'rotation', 'mode', 'type', 'method', 'methods', 'provider', 'providers',
  'enabled', 'disabled', 'enable', 'disable', 'required', 'optional', 'issuer', 'realm', 'scope', 'scopes', 'audience', 'audiences', 'length', 'policy',
  'algorithm', 'format', 'version', 'count', 'size', 'limit', 'field', 'label', 'selector', 'annotation', 'source', 'store', 'backend', 'namespace',
  'prefix', 'suffix', 'strategy', 'template', 'kind', 'class', 'hint', 'location', 'server', 'servers', 'domain', 'user', 'username',
]);

/** Compound single words ending in a credential word (PGPASSWORD, APITOKEN, CLIENTSECRET). */
const CREDENTIAL_SUFFIX = /(password|passwd|passphrase|secret|token|credentials?|apikey|privatekey|secretkey|accesskey)$/;

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Whether a name says its value is a credential. */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined || words[0] === 'existing') return false;
  if (last === 'key') return words.length > 1 && KEY_QUALIFIERS.has(words.at(-2)!);
  if (DESCRIPTORS.has(last)) return false;
  if (words.some((word) => CREDENTIAL_WORDS.has(word))) return true;
  return words.length === 1 && CREDENTIAL_SUFFIX.test(last);
}
