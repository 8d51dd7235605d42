import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TypeGenerator } from '../../src/import/cdk8s-import';
import type { ImportPlan } from '../../src/import/plan-imports';
import { recoverInterruptedImport, writeImports } from '../../src/import/write-imports';
import { readTree } from '../support/repo';

const plan: ImportPlan = {
  schemaFiles: [
    { path: 'crds/example.com_widgets.json', content: '{\n "kind": "CustomResourceDefinition"\n}\n' },
    { path: 'k8s/v1.28/_definitions.json', content: '{\n "definitions": {}\n}\n' },
  ],
  typeSources: [{ name: 'example-widget', text: 'kind: CustomResourceDefinition\n' }],
};

/** Stands in for cdk8s import: one module per source. */
const fakeTypes: TypeGenerator = (sources, outDir) => {
  for (const source of sources) writeFileSync(path.join(outDir, `${source.name}-example.com.ts`), `// from ${source.text}`);
};

/** A repository root whose imports/ holds a module no import produces any more. */
function repository(): string {
  const root = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'imports-'));
  mkdirSync(path.join(root, 'imports/schemas/crds'), { recursive: true });
  writeFileSync(path.join(root, 'imports/retired-example.com.ts'), '// an import removed from cdk8s.yaml\n');
  writeFileSync(path.join(root, 'imports/schemas/crds/example.com_retired.json'), '{}\n');
  return root;
}

function workFolders(root: string): string[] {
  return readdirSync(root).filter((name) => name !== 'imports');
}

describe('writing imports/', () => {
  it('replaces imports/ with the modules and the schemas, leaving nothing else behind', () => {
    const root = repository();
    writeImports({ root, plan, generateTypes: fakeTypes });
    expect([...readTree(path.join(root, 'imports'))]).toEqual([
      ['example-widget-example.com.ts', '// from kind: CustomResourceDefinition\n'],
      ['schemas/crds/example.com_widgets.json', plan.schemaFiles[0]!.content],
      ['schemas/k8s/v1.28/_definitions.json', plan.schemaFiles[1]!.content],
    ]);
    expect(workFolders(root)).toEqual([]);
  });

  it('leaves imports/ exactly as it was when generating fails', () => {
    const root = repository();
    const before = readTree(path.join(root, 'imports'));
    const failing: TypeGenerator = (_sources, outDir) => {
      writeFileSync(path.join(outDir, 'half-written.ts'), '');
      throw new Error('cdk8s import failed (exit code 1)');
    };
    expect(() => writeImports({ root, plan, generateTypes: failing })).toThrow('cdk8s import failed (exit code 1)');
    expect(readTree(path.join(root, 'imports'))).toEqual(before);
    expect(workFolders(root)).toEqual([]);
  });

  it('puts back imports/ when a run was killed between moving it aside and moving the new one in', () => {
    const root = repository();
    const before = readTree(path.join(root, 'imports'));
    // What a run killed after its first rename leaves: imports/ moved into its work folder.
    mkdirSync(path.join(root, '.import-killed'));
    writeFileSync(path.join(root, '.import-killed/half'), '');
    renameSync(path.join(root, 'imports'), path.join(root, '.import-killed/old'));
    expect(existsSync(path.join(root, 'imports'))).toBe(false);

    recoverInterruptedImport(root);
    expect(readTree(path.join(root, 'imports'))).toEqual(before);
    expect(workFolders(root)).toEqual([]);
  });

  it('creates imports/ when there is none', () => {
    const root = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'imports-'));
    writeImports({ root, plan, generateTypes: fakeTypes });
    expect(readFileSync(path.join(root, 'imports/schemas/k8s/v1.28/_definitions.json'), 'utf8')).toBe(plan.schemaFiles[1]!.content);
  });
});
