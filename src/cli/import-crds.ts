import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { KUBERNETES_VERSION } from '../check/schema/kubernetes-definitions';
import { cdk8sImport } from '../import/cdk8s-import';
import { download } from '../import/download';
import { readImportEntries } from '../import/import-entries';
import { GENERATED_SCHEMA_DIR, IMPORTS_DIR } from '../import/layout';
import { planImports } from '../import/plan-imports';
import { readFromFolder } from '../import/read-from-folder';
import { upstreamFilesOf } from '../import/upstream-files';
import { writeImports } from '../import/write-imports';
import { REPO_ROOT } from '../repo-root';
import { describeError } from './lib/describe-error';

const HELP = `Usage: npm run import [-- --from <dir>]

Regenerates ${IMPORTS_DIR}/ from the pins, all of it or nothing:
  - for every entry of cdk8s.yaml's imports (NAME:=URL of a CRD file): the typed constructs
    (cdk8s import) and the CRD's schema in ${GENERATED_SCHEMA_DIR}/crds/
  - the Kubernetes ${KUBERNETES_VERSION} definitions (KUBERNETES_DEFINITIONS_URL in src/import/upstream-files.ts)
    in ${GENERATED_SCHEMA_DIR}/k8s/
npm run check validates dist/ against ${GENERATED_SCHEMA_DIR}/. Without --from the pinned URLs
are downloaded.

  --from <dir>   offline: take each upstream file from the file with the same base name anywhere
                 below <dir> (e.g. ../shared/upstream) instead of downloading it
  --help         show this text`;

const root = REPO_ROOT;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const started = performance.now();
  const entries = readImportEntries('cdk8s.yaml', readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
  const files = upstreamFilesOf(entries);
  console.log(values.from === undefined ? `downloading ${files.length} pinned upstream files` : `reading ${files.length} pinned upstream files from ${values.from}`);
  const texts = await (values.from === undefined ? download() : readFromFolder(values.from))(files);
  const plan = planImports(entries, texts);
  writeImports({ root, plan, generateTypes: cdk8sImport(path.join(root, 'node_modules', '.bin', 'cdk8s')) });

  const modules = readdirSync(path.join(root, IMPORTS_DIR)).filter((name) => name.endsWith('.ts')).length;
  console.log(`${IMPORTS_DIR}/: ${modules} TypeScript modules (cdk8s import)`);
  let bytes = 0;
  for (const file of plan.schemaFiles) {
    const size = Buffer.byteLength(file.content);
    bytes += size;
    console.log(`${`${GENERATED_SCHEMA_DIR}/${file.path}`.padEnd(72)} ${(size / 1024).toFixed(0).padStart(5)} KiB`);
  }
  console.log(`${plan.schemaFiles.length} schema files, ${(bytes / 1024).toFixed(0)} KiB; done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

// Errors as their message and an exit code, never process.exit(): that ends the process at once,
// cutting off output still on its way into a pipe.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`npm run import failed, ${IMPORTS_DIR}/ is unchanged:\n${describeError(error)}`);
    process.exitCode = 1;
  },
);
