import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ExternalSecret } from '../../charts/lib/external-secret';
import type { SecretScope } from '../../charts/lib/secret-scope';

const scope: SecretScope = { store: { kind: 'SecretStore', name: 'ns' }, keyRoot: 'a', environmentPrefix: 'qa', sharedKeys: new Set() };

describe('ExternalSecret template (documents around a secret value)', () => {
  it('renders a v2 Replace template with the given keys, and none when no template is given', () => {
    const chart = Testing.chart();
    new ExternalSecret(chart, 'templated', { name: 'config', namespace: 'ns', scope, data: [{ secretKey: 'token', remoteKey: 'a/b', property: 'token' }], template: { 'config.yaml': 'token: "{{ .token }}"\n' } });
    new ExternalSecret(chart, 'plain', { name: 'plain', namespace: 'ns', scope, data: [{ secretKey: 'token', remoteKey: 'a/b', property: 'token' }] });
    const [templated, plain] = Testing.synth(chart) as Array<{ spec: { target: Record<string, unknown> } }>;
    expect(templated!.spec.target.template).toEqual({ engineVersion: 'v2', mergePolicy: 'Replace', data: { 'config.yaml': 'token: "{{ .token }}"\n' } });
    expect(plain!.spec.target).not.toHaveProperty('template');
  });
});
