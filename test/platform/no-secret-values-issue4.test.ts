import { describe, expect, it } from 'vitest';
import { renderRepository } from '../support/repo';
import { applicationNamed, helmSourceOf } from '../support/rendered-issue4';

const environments = await renderRepository();

/** Applications of issue 4 that carry Helm values. */
const HELM_APPLICATIONS = ['monitoring', 'logging', 'log-shipper', 'backup', 'stackrox', 'tee-nodes'];

/** Keys whose value would be a secret if it were a literal. */
const SECRET_KEY = /(password|passwd|token|secret.?access.?key|access.?key.?id|api.?key|private.?key|credentials?)$/i;
/** References are fine: a Secret's name or key name, an environment variable, a mounted file. */
const REFERENCE_KEY = /^(existingSecret|extraSecretRef|secretRef|secretName|[a-z]+Key|url_file)$/;
const ENV_REFERENCE = /^\$\{[A-Z][A-Z0-9_]*\}$/;

function literalSecrets(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = path === '' ? key : `${path}.${key}`;
    if (typeof child === 'string' && SECRET_KEY.test(key) && !REFERENCE_KEY.test(key) && !ENV_REFERENCE.test(child)) return [`${here}=${child}`];
    return literalSecrets(child, here);
  });
}

describe.each(environments.map((env) => [env.name, env] as const))('no secret values in dist/%s', (_name, env) => {
  it('renders no Secret objects: every Secret comes from an ExternalSecret', () => {
    expect(env.objects.filter((o) => o.object.kind === 'Secret').map((o) => o.file)).toEqual([]);
  });

  it('puts no literal credential into Helm values (only Secret names, key names and ${ENV} references)', () => {
    for (const application of HELM_APPLICATIONS) {
      expect(literalSecrets(helmSourceOf(applicationNamed(env, application)).helm.valuesObject), application).toEqual([]);
    }
  });

  it('contains no key material or well-known credential formats in any file', () => {
    for (const [file, text] of env.files) {
      expect(text, file).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text, file).not.toMatch(/\bAKIA[0-9A-Z]{16}\b/);
      expect(text, file).not.toMatch(/\bgh[pousr]_[A-Za-z0-9]{36}\b/);
    }
  });
});

describe('the literal-secret detector', () => {
  it('flags a literal password or key and accepts references', () => {
    expect(literalSecrets({ grafana: { adminPassword: 'hunter2', admin: { existingSecret: 'grafana-admin', passwordKey: 'admin-password' } } })).toEqual(['grafana.adminPassword=hunter2']);
    expect(literalSecrets({ s3: { accessKeyId: '${LOKI_S3_ACCESS_KEY_ID}', secretAccessKey: 'abc' } })).toEqual(['s3.secretAccessKey=abc']);
  });
});
