import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { listFiles } from '../../src/render/write-dist';
import { readSealedSecret } from '../../charts/lib/sealed-secret';
import { environmentConfig, helmSourceOf, objectsOf, sourcesOf, type ApplicationObject } from '../support/platform';
import { REPO_ROOT, renderRepository, repositoryCatalog } from '../support/repo';

const environments = await renderRepository();
const catalog = await repositoryCatalog();

/** Every object anywhere in a document (Helm values can embed manifests, e.g. extraObjects). */
function* nested(node: unknown): Generator<Record<string, unknown>> {
  if (typeof node !== 'object' || node === null) return;
  if (!Array.isArray(node)) yield node as Record<string, unknown>;
  for (const child of Object.values(node)) yield* nested(child);
}

describe('committed dist/', () => {
  const dist = path.join(REPO_ROOT, 'dist');
  const files = [...listFiles(dist)].filter((f) => f.endsWith('.yaml')).sort();

  it('contains no Secret with a value anywhere (values come from Vault via ExternalSecrets; a confidential app\'s Secret holds sealed references only)', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      for (const document of parseAllDocuments(readFileSync(path.join(dist, file), 'utf8'))) {
        for (const object of nested(document.toJS())) {
          if (object['kind'] !== 'Secret') continue;
          if ('data' in object) offenders.push(`${file}: data`);
          for (const [key, value] of Object.entries((object['stringData'] ?? {}) as Record<string, unknown>)) {
            if (typeof value !== 'string' || readSealedSecret(value)?.kind !== 'vault') offenders.push(`${file}: stringData.${key}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('fails when a Secret with data is present (the check sees embedded manifests too)', () => {
    const embedded = { spec: { source: { helm: { valuesObject: { extraObjects: [{ kind: 'Secret', stringData: { token: 'x' } }] } } } } };
    expect([...nested(embedded)].some((o) => o['kind'] === 'Secret' && 'stringData' in o)).toBe(true);
  });
});


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

describe.each(environments.map((env) => [env.name, env] as const))('no secret values in dist/%s', (name, env) => {
  it('renders Secret objects only for confidential apps with an attestation broker (sealed references); every other Secret comes from an ExternalSecret', () => {
    const brokered = environmentConfig(name).platform.tee?.attestation !== undefined;
    const expected = [...catalog.values()]
      .map((entry) => entry.definition)
      .filter((app) => brokered && app.confidential && (app.secrets ?? []).length > 0)
      .map((app) => `apps/${app.name}/secret-${app.name}-sealed.yaml`);
    expect(env.objects.filter((o) => o.object.kind === 'Secret').map((o) => o.file).sort()).toEqual(expected.sort());
  });

  it('puts no literal credential into Helm values (only Secret names, key names and ${ENV} references)', () => {
    const helmApplications = objectsOf<ApplicationObject>(env, 'Application').filter((application) => sourcesOf(application).some((source) => source.chart !== undefined));
    expect(helmApplications.length).toBeGreaterThan(0);
    for (const application of helmApplications) {
      expect(literalSecrets(helmSourceOf(application).helm.valuesObject), application.metadata.name).toEqual([]);
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
