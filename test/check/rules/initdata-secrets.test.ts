import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { INITDATA_ANNOTATION, initdataAnnotation } from '../../../charts/lib/app/initdata';
import { noSecretLiterals } from '../../../src/check/rules/secrets';
import { at, withChange } from '../support/compliant-app';
import { problems } from '../support/dist-fixture';

const DEPLOYMENT = 'apps/web/deployment-web.yaml';
const withInitdata = (value: string) =>
  withChange(DEPLOYMENT, (d) => {
    const metadata = at(d, 'spec', 'template', 'metadata') as { annotations?: Record<string, string> };
    metadata.annotations = { ...metadata.annotations, [INITDATA_ANNOTATION]: value };
  });

describe('no-secret-literals on Kata initdata', () => {
  it('judges what the encoded initdata carries, not the compressed bytes', () => {
    expect(problems(withInitdata(initdataAnnotation({ kbsUrl: 'https://kbs.example.com:8080' })), noSecretLiterals)).toEqual([]);
  });

  it('finds a credential inside the initdata', () => {
    const leaked = gzipSync(Buffer.from('"cdh.toml" = \'\'\'\n[kbc]\nurl = "https://kbs.example.com"\nkey = """\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"""\n\'\'\'\n')).toString('base64');
    expect(problems(withInitdata(leaked), noSecretLiterals)).toEqual([
      `dist/prod/${DEPLOYMENT}: spec.template.metadata.annotations.${INITDATA_ANNOTATION}: decoded initdata: its value looks like a PEM private key`,
    ]);
  });

  it('refuses an initdata annotation it cannot decode', () => {
    expect(problems(withInitdata('not-initdata'), noSecretLiterals)).toEqual([
      `dist/prod/${DEPLOYMENT}: spec.template.metadata.annotations.${INITDATA_ANNOTATION}: its value is not gzip+base64 initdata, so what it carries cannot be checked`,
    ]);
  });
});
