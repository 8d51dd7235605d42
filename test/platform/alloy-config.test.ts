import { describe, expect, it } from 'vitest';
import { AlloyExpression as E, renderAlloyConfig } from '../../charts/platform/logging/alloy-config';

describe('renderAlloyConfig', () => {
  it('writes labelled components, nested blocks, quoted strings, lists and expressions', () => {
    const text = renderAlloyConfig([
      { name: 'loki.write', label: 'default', blocks: [{ name: 'endpoint', attributes: { url: 'http://loki/push', tenant_id: 'a"b' } }] },
      { name: 'loki.process', label: 'x', attributes: { forward_to: [E.ref('loki.write.default.receiver')], max: 3, enabled: true }, blocks: [{ name: 'stage.cri' }] },
      { name: 'discovery.kubernetes', label: 'pods', blocks: [{ name: 'selectors', attributes: { field: E.concat('spec.nodeName=', E.call('sys.env', 'HOSTNAME')) } }] },
    ]);
    expect(text).toBe(
      [
        'loki.write "default" {',
        '  endpoint {',
        '    url = "http://loki/push"',
        '    tenant_id = "a\\"b"',
        '  }',
        '}',
        '',
        'loki.process "x" {',
        '  forward_to = [loki.write.default.receiver]',
        '  max = 3',
        '  enabled = true',
        '  stage.cri {}',
        '}',
        '',
        'discovery.kubernetes "pods" {',
        '  selectors {',
        '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes objects (map arguments) with identifier keys bare and any other key quoted', () => {
    const text = renderAlloyConfig([{ name: 'loki.write', label: 'default', attributes: { external_labels: { cluster: 'eu-1', 'team.name': 'a"b' }, headers: {} } }]);
    expect(text).toBe(['loki.write "default" {', '  external_labels = { cluster = "eu-1", "team.name" = "a\\"b" }', '  headers = {}', '}', ''].join('\n'));
  });

  it('fails when a reference or block name is not an identifier path (no raw code can slip in)', () => {
    expect(() => E.ref('loki.write.default.receiver) + evil')).toThrow("alloy: 'loki.write.default.receiver) + evil' is not a reference path");
    expect(() => renderAlloyConfig([{ name: 'loki write' }])).toThrow("alloy: 'loki write' is not a block name");
  });
});
