import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdk8sImport } from '../../src/import/cdk8s-import';
import { readImportEntries } from '../../src/import/import-entries';
import { GENERATED_SCHEMA_DIR, IMPORTS_DIR } from '../../src/import/layout';
import { planImports, type ImportPlan } from '../../src/import/plan-imports';
import { readFromFolder } from '../../src/import/read-from-folder';
import { upstreamFilesOf } from '../../src/import/upstream-files';
import { readTree, REPO_ROOT } from '../support/repo';
import { upstreamFolder } from '../support/upstream';

// imports/ is generated from the pins (cdk8s.yaml, KUBERNETES_DEFINITIONS_URL) and committed. This
// regenerates it from the pinned upstream files and compares byte for byte, so a pin bumped without
// re-importing (or a hand edit) fails here instead of validating dist/ against stale schemas.
const upstream = upstreamFolder('', 'imports-current (imports/ equals a fresh npm run import from the pinned upstream files)');

const REIMPORT = `run npm run import -- --from ${upstream.dir} and commit imports/`;

/** Paths that differ between two trees: changed, missing from `committed`, or not generated any more. */
function differences(generated: ReadonlyMap<string, string>, committed: ReadonlyMap<string, string>): string[] {
  const paths = [...new Set([...generated.keys(), ...committed.keys()])].sort();
  return paths.flatMap((file) => {
    if (!committed.has(file)) return [`${file}: missing (a fresh import generates it)`];
    if (!generated.has(file)) return [`${file}: stale (a fresh import no longer generates it)`];
    return generated.get(file) === committed.get(file) ? [] : [`${file}: differs from a fresh import`];
  });
}

describe.skipIf(!upstream.available)(`imports/ is current against the pinned upstream files (${upstream.dir})`, () => {
  let plan: ImportPlan;
  beforeAll(async () => {
    const entries = readImportEntries('cdk8s.yaml', readFileSync(path.join(REPO_ROOT, 'cdk8s.yaml'), 'utf8'));
    plan = planImports(entries, await readFromFolder(upstream.dir)(upstreamFilesOf(entries)));
  });

  it(`${GENERATED_SCHEMA_DIR}/ equals the schemas generated from them`, () => {
    const generated = new Map(plan.schemaFiles.map((file) => [file.path, file.content]));
    const stale = differences(generated, readTree(path.join(REPO_ROOT, GENERATED_SCHEMA_DIR)));
    expect(stale, `${GENERATED_SCHEMA_DIR}/ is not what the pins generate: ${REIMPORT}`).toEqual([]);
  });

  it(`${IMPORTS_DIR}/*.ts equal what cdk8s import generates from them`, () => {
    const work = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'imports-current-'));
    const outDir = path.join(work, 'imports');
    cdk8sImport(path.join(REPO_ROOT, 'node_modules/.bin/cdk8s'))(plan.typeSources, outDir, path.join(work, 'sources'));
    const modules = (dir: string) => new Map(readdirSync(dir).filter((name) => name.endsWith('.ts')).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
    const stale = differences(modules(outDir), modules(path.join(REPO_ROOT, IMPORTS_DIR)));
    expect(stale, `${IMPORTS_DIR}/*.ts are not what the pins generate: ${REIMPORT}`).toEqual([]);
  });
});
