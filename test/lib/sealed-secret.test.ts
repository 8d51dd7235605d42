import { describe, expect, it } from 'vitest';
import { kbsResourceUri, parseKbsResourceUri, readSealedSecret, sealedKbsReference } from '../../charts/lib/sealed-secret';

const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
const vault = { version: '0.1.0', type: 'vault', name: 'kbs:///prod/worker/signing.key-id', provider: 'kbs', provider_settings: {}, annotations: {} };

describe('sealed secrets in the Confidential Data Hub\'s format', () => {
  it('writes the vault pointer as the upstream example does: sealed.fakejwsheader.<base64url JSON, no padding>.fakesignature', () => {
    const value = sealedKbsReference({ repository: 'default', type: 'sealed-secret', tag: 'test' });
    // The payload of kata-containers' sealed secret test (tests/integration/kubernetes/k8s-sealed-secret.bats), byte for byte.
    expect(value).toBe(
      'sealed.fakejwsheader.eyJ2ZXJzaW9uIjoiMC4xLjAiLCJ0eXBlIjoidmF1bHQiLCJuYW1lIjoia2JzOi8vL2RlZmF1bHQvc2VhbGVkLXNlY3JldC90ZXN0IiwicHJvdmlkZXIiOiJrYnMiLCJwcm92aWRlcl9zZXR0aW5ncyI6e30sImFubm90YXRpb25zIjp7fX0.fakesignature',
    );
    expect(readSealedSecret(value)).toEqual({ kind: 'vault', secret: { ...vault, name: 'kbs:///default/sealed-secret/test' } });
  });

  it('leaves values that do not start with sealed. alone, as the Kata agent does', () => {
    expect(readSealedSecret('plain')).toBeUndefined();
    expect(readSealedSecret(`x.fakejwsheader.${encode(vault)}.fakesignature`)).toBeUndefined();
  });

  it.each([
    ['three sections', 'sealed.fakejwsheader.abc', '3 dot-separated sections, expected 4 (sealed.<header>.<payload>.<signature>)'],
    ['a signature', `sealed.eyJhbGciOiJFUzI1NiJ9.${encode(vault)}.c2ln`, 'a signed or unknown JWS header/signature, expected the unsigned form (fakejwsheader, fakesignature) the platform renders'],
    ['padding', `sealed.fakejwsheader.${Buffer.from(JSON.stringify(vault)).toString('base64')}=.fakesignature`, 'a payload that is not base64url without padding (the Data Hub decodes URL_SAFE_NO_PAD)'],
    ['no JSON', `sealed.fakejwsheader.${Buffer.from('not json').toString('base64url')}.fakesignature`, 'a payload that is not JSON'],
    ['another version', `sealed.fakejwsheader.${encode({ ...vault, version: '0.2.0' })}.fakesignature`, 'version "0.2.0", expected "0.1.0"'],
    ['an envelope', `sealed.fakejwsheader.${encode({ ...vault, type: 'envelope' })}.fakesignature`, 'an envelope secret, which carries the encrypted value itself, expected a vault secret (a pointer to a broker resource)'],
    ['no provider settings', `sealed.fakejwsheader.${encode({ ...vault, provider_settings: undefined })}.fakesignature`, 'a vault secret without a string name and provider and an object provider_settings'],
  ])('refuses %s, saying why', (_what, value, problem) => {
    expect(readSealedSecret(value)).toEqual({ kind: 'invalid', problem });
  });

  it('names KBS resources as Trustee accepts them, and reads them back', () => {
    expect(kbsResourceUri({ repository: 'prod', type: 'worker', tag: 'signing.key-id' })).toBe('kbs:///prod/worker/signing.key-id');
    expect(() => kbsResourceUri({ repository: 'prod', type: 'worker', tag: '.hidden' })).toThrow("KBS resource tag '.hidden': expected letters, digits, _ and - first, then also dots (Trustee's resource path)");
    expect(parseKbsResourceUri('kbs:///prod/worker/signing.key-id')).toEqual({ repository: 'prod', type: 'worker', tag: 'signing.key-id' });
    expect(parseKbsResourceUri('kbs://kbs.example.com/prod/worker/x')).toBeUndefined();
    expect(parseKbsResourceUri('kbs:///prod/worker')).toBeUndefined();
    expect(parseKbsResourceUri('kbs:///prod/../x')).toBeUndefined();
  });
});
