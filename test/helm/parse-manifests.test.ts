import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/helm/parse-manifests';

describe('helm template output', () => {
  it('is read as YAML 1.1 like Argo CD reads it: unquoted yes/on are booleans; empty documents are dropped', () => {
    const text = '---\n# Source: chart/templates/off.yaml\n---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  enabled: yes\n  quoted: "on"\n---\n';
    expect(parseManifests(text, 'here')).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { enabled: true, quoted: 'on' } }]);
  });

  it('a document that is not a Kubernetes object is an error naming where it came from', () => {
    expect(() => parseManifests('just text\n', 'dev: Application x: chart y 1.0.0')).toThrow('dev: Application x: chart y 1.0.0: helm printed a YAML document that is not a Kubernetes object: "just text"');
  });
});
