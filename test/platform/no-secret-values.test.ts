import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { listFiles } from '../../src/render/write-dist';
import { REPO_ROOT } from '../support/repo';

/** Every object anywhere in a document (Helm values can embed manifests, e.g. extraObjects). */
function* nested(node: unknown): Generator<Record<string, unknown>> {
  if (typeof node !== 'object' || node === null) return;
  if (!Array.isArray(node)) yield node as Record<string, unknown>;
  for (const child of Object.values(node)) yield* nested(child);
}

describe('committed dist/', () => {
  const dist = path.join(REPO_ROOT, 'dist');
  const files = [...listFiles(dist)].filter((f) => f.endsWith('.yaml')).sort();

  it('contains no Secret with data or stringData anywhere (values come from Vault via ExternalSecrets)', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      for (const document of parseAllDocuments(readFileSync(path.join(dist, file), 'utf8'))) {
        for (const object of nested(document.toJS())) {
          if (object['kind'] === 'Secret' && ('data' in object || 'stringData' in object)) offenders.push(file);
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
