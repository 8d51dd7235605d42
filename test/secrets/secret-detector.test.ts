import { describe, expect, it } from 'vitest';
import { sealedKbsReference } from '../../charts/lib/sealed-secret';
import { entropyThreshold, hasHighEntropyToken, shannonEntropy } from '../../src/secrets/entropy';
import { allowlistProblems, SECRET_ALLOWLIST, type SecretAllowance } from '../../src/secrets/secret-allowlist';
import { secretInEntry, secretInValue } from '../../src/secrets/secret-detector';
import { isCredentialName, nameWords } from '../../src/secrets/secret-names';

// Test credentials are assembled at run time so that no scanner mistakes this file for a leak.
const fake = (prefix: string, body: string) => `${prefix}${body}`;
const RANDOM_32 = 'q8Zr4Tn2Wv7Lk1Xp9Bd6Hs3Mf5Jc0Ye'; // 32 characters, upper, lower and digits

describe('credential names', () => {
  it.each(['DB_PASS', 'DB_PASSWORD', 'PASSWD', 'MYSQL_PWD', 'PGPASSWORD', 'SESSION_KEY', 'API_KEY', 'apiKey', 'SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'GPG_PASSPHRASE', 'GITHUB_TOKEN', 'JWT_SECRET', 'CLIENT_SECRET', 'AUTH', 'BASIC_AUTH', 'SMTP_CREDENTIALS', 'adminPassword', 'COOKIE_SECRET'])('%s is a credential name', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each(['KEYBOARD_LAYOUT', 'KEY', 'topologyKey', 'matchLabelKeys', 'passwordKey', 'userKey', 'PUBLIC_KEY', 'REDIS_KEY_PREFIX', 'TOKEN_TTL', 'PASSWORD_FILE', 'SECRET_NAME', 'secretName', 'extraSecretRef', 'existingSecret', 'AUTH_MODE', 'OAUTH_ISSUER', 'AUTHOR', 'TOKENIZER_MODEL', 'SECRETARY_EMAIL', 'SIGNING_KEY_ID', 'AWS_ACCESS_KEY_ID', 'DATABASE_URL', 'LOG_FORMAT', 'auth_enabled'])('%s is not a credential name', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });

  it('cuts names into words at separators and camelCase humps', () => {
    expect(nameWords('AWS_SECRET_ACCESS_KEY')).toEqual(['aws', 'secret', 'access', 'key']);
    expect(nameWords('adminPasswordSecret')).toEqual(['admin', 'password', 'secret']);
    expect(nameWords('HTTPProxyURL')).toEqual(['http', 'proxy', 'url']);
  });
});

describe('credential values', () => {
  it.each([
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIB...\n-----END RSA PRIVATE KEY-----'],
    ['a PEM private key', '-----BEGIN PRIVATE KEY-----'],
    ['an AWS access key', fake('AKIA', 'IOSFODNN7EXAMPLE')],
    ['a GitHub token', fake('ghp_', 'a'.repeat(36))],
    ['a GitHub token', fake('gho_', 'B1'.repeat(18))],
    ['a GitHub token', fake('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnop')],
    ['a Slack token', fake('xoxb-', '123456789012-abcdefghij')],
    ['a Stripe secret key', fake('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc')],
    ['a Stripe secret key', fake('rk_live_', '4eC39HqLyjWDarjtT1zdp7dc')],
    ['a Google API key', fake('AIza', 'SyD-abcdefghijklmnopqrstuvwxyz01234')],
    ['a JSON web token', `${fake('eyJ', 'hbGciOiJIUzI1NiJ9')}.${fake('eyJ', 'zdWIiOiIxMjM0NTY3ODkwIn0')}.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U`],
    ['a password in a URL', 'postgres://app:hunter2@db.internal:5432/app'],
    ['a password in a URL', 'https://bob:s3cr3t@git.example.com/org/repo.git'],
    ['an Authorization header value (Basic credentials)', 'Basic dXNlcjpwYXNz'],
    ['an Authorization header value (Bearer credentials)', 'Authorization: Bearer abc123.def456'],
    ['a randomly generated secret (high-entropy token)', RANDOM_32],
    ['a randomly generated secret (high-entropy token)', `password=${RANDOM_32}`],
  ])('finds %s', (what, value) => {
    expect(secretInValue(value, [])).toBe(`its value looks like ${what}`);
  });

  it.each([
    ['an image digest', `sha256:${'0123456789abcdef'.repeat(4)}`],
    ['an image reference', `registry.example.com/storefront/web@sha256:${'9f86d081884c7d65'.repeat(4)}`],
    ['a commit SHA', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['a host name', 'loki-gateway.logging.svc.cluster.local'],
    ['a URL without credentials', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['an ssh URL with a user', 'ssh://git@github.com/example-org/gitops-platform.git'],
    ['a URL whose password is a reference', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['a Kubernetes env reference in a URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app'],
    ['prose about authentication', 'Bearer authentication is handled by the gateway'],
    ['a PEM public key', `-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${RANDOM_32}\n-----END PUBLIC KEY-----`],
    ['an SSH public key', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${RANDOM_32} ops@example.com`],
    ['a registry path', 'registry.example.com/mirror/velero/velero-plugin-for-aws'],
    ['a short mixed token', 'Abc123Def456'],
    ['a camelCase identifier without digits', 'ExternalSecretsOperatorController'],
    ['a Kubernetes label key', 'check.gitops-platform.io/exempt-argocd-crd-sync-order'],
    ['a Go duration', '720h'],
  ])('ignores %s', (_what, value) => {
    expect(secretInValue(value, [])).toBeUndefined();
  });

  it('uses Shannon entropy over the token with a length-dependent threshold', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(entropyThreshold(24)).toBeCloseTo(3.78, 2);
    expect(entropyThreshold(64)).toBe(4.3);
    // Same characters, low entropy: repetition is no secret.
    expect(hasHighEntropyToken('Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1')).toBe(false);
    expect(hasHighEntropyToken(RANDOM_32)).toBe(true);
  });
});

describe('named entries (env, ConfigMap, Helm values)', () => {
  it('refuses a literal under a credential name, and any value in a token format', () => {
    expect(secretInEntry('DB_PASS', 'x', [])).toBe('its name suggests a credential and it has a literal value');
    expect(secretInEntry('PAYMENTS', fake('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'), [])).toBe('its value looks like a Stripe secret key');
  });

  it('accepts innocuous values under a credential name: empty, flags, numbers, references', () => {
    for (const value of ['', 'true', 'off', '3600', '30s', '${DB_PASSWORD}', '$(DB_PASSWORD)', '{{ .token }}']) {
      expect(secretInEntry('DB_PASSWORD', value, []), value).toBeUndefined();
    }
  });

  it('waives what the allow-list names, and only that', () => {
    const allowlist: SecretAllowance[] = [
      { name: 'secrets', value: 'alertmanager-oncall-webhook', reason: 'names a Secret to mount, not a credential' },
      { name: 'TRACE_TOKEN_HEADER_VALUE', reason: 'a public header value the tracing vendor documents' },
      { value: RANDOM_32, reason: 'a public dashboard id that happens to look random' },
    ];
    expect(secretInEntry('secrets', 'alertmanager-oncall-webhook', allowlist)).toBeUndefined();
    expect(secretInEntry('secrets', 'another-secret', allowlist)).toBe('its name suggests a credential and it has a literal value');
    expect(secretInEntry('TRACE_TOKEN_HEADER_VALUE', 'x-trace', allowlist)).toBeUndefined();
    // A name-only entry waives the name, never a value in a known credential format.
    expect(secretInEntry('TRACE_TOKEN_HEADER_VALUE', fake('ghp_', 'a'.repeat(36)), allowlist)).toBe('its value looks like a GitHub token');
    expect(secretInValue(RANDOM_32, allowlist)).toBeUndefined();
    expect(secretInEntry('DASHBOARD', RANDOM_32, allowlist)).toBeUndefined();
  });

  it('keeps the repository allow-list reviewed: every entry names what it waives and says why', () => {
    expect(allowlistProblems(SECRET_ALLOWLIST)).toEqual([]);
    expect(allowlistProblems([{ reason: 'short' }])).toEqual(['entry 0: needs a name or a value', 'entry 0: the reason must say why in a sentence (at least 20 characters)']);
  });
});

describe('sealed secrets of confidential pods (references the guest resolves after attestation)', () => {
  const sealed = (payload: Record<string, unknown>) => `sealed.fakejwsheader.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.fakesignature`;
  const pointer = (extra: Record<string, unknown> = {}) => sealed({ version: '0.1.0', type: 'vault', name: 'kbs:///prod/worker/signing.key-id', provider: 'kbs', provider_settings: {}, annotations: {}, ...extra });

  it('does not take the rendered reference for a value, by itself or under a credential name', () => {
    const rendered = sealedKbsReference({ repository: 'prod', type: 'worker', tag: 'signing.key-id' });
    // Encoded, it looks random: without reading it as a sealed secret the entropy scan would flag it.
    expect(hasHighEntropyToken(rendered)).toBe(true);
    expect(secretInValue(rendered, [])).toBeUndefined();
    expect(secretInEntry('DB_PASSWORD', rendered, [])).toBeUndefined();
  });

  it('still finds a credential the sealed secret carries, in its name, settings or annotations', () => {
    expect(secretInValue(pointer({ annotations: { token: fake('ghp_', 'a'.repeat(36)) } }), [])).toBe('its value looks like a sealed secret carrying a GitHub token');
    expect(secretInValue(pointer({ provider_settings: { client_key: '-----BEGIN PRIVATE KEY-----' } }), [])).toBe('its value looks like a sealed secret carrying a PEM private key');
    expect(secretInValue(pointer({ name: `kbs:///prod/worker/${RANDOM_32}` }), [])).toBe('its value looks like a sealed secret carrying a randomly generated secret (high-entropy token)');
  });

  it('judges anything that is not an unsigned vault pointer by its encoded form: an envelope (the encrypted value), a signed or malformed one', () => {
    const envelope = sealed({ version: '0.1.0', type: 'envelope', provider: 'kbs', key_id: 'k', encrypted_key: RANDOM_32, encrypted_data: RANDOM_32, wrap_type: 'A256GCM', iv: 'x', provider_settings: {}, annotations: {} });
    expect(secretInValue(envelope, [])).toBe('its value looks like a randomly generated secret (high-entropy token)');
    expect(secretInEntry('DB_PASSWORD', pointer().replace('fakejwsheader', 'eyJhbGciOiJFUzI1NiJ9'), [])).toBe('its value looks like a JSON web token');
    expect(secretInEntry('DB_PASSWORD', 'sealed.not-a-pointer', [])).toBe('its name suggests a credential and it has a literal value');
  });
});
