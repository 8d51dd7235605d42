import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { parseArgs } from 'node:util';
import { SCHEMA_CACHE_DIR } from '../check/schema-check';
import { FetchSchemasError, fetchSchemas } from '../check/schema/fetch-schemas';
import { cdk8sImportUrls, PINNED_CRD_URLS, schemaDownloads } from '../check/schema/schema-sources';

const root = REPO_ROOT;

const HELP = `Usage: npm run fetch-schemas [-- --out <dir>]

Downloads the schemas npm run check validates against, pinned to exact upstream versions: the
Kubernetes v1.28 definitions (cdk8s-team) and every CRD in cdk8s.yaml imports plus
PINNED_CRD_URLS (src/check/schema/schema-sources.ts). Needs internet; run it once. Files land in
the layout of ../shared/upstream (k8s/v1.28/_definitions.json, crds/<repo>/<file>), replacing
the previous download only when every file arrived.

  --out <dir>   schema dir to fill (default: ${SCHEMA_CACHE_DIR}, which npm run check picks up)
  --help        show this text`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const outDir = path.resolve(values.out ?? path.join(root, SCHEMA_CACHE_DIR));
  const downloads = schemaDownloads([...cdk8sImportUrls(readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')), ...PINNED_CRD_URLS]);
  console.log(`fetching ${downloads.length} schema files into ${outDir}`);
  const { files, bytes } = await fetchSchemas({ downloads, outDir, log: (line) => console.log(line) });
  console.log(`fetched ${files} files (${(bytes / 1024 / 1024).toFixed(1)} MiB); npm run check now validates against ${outDir}`);
  return 0;
}

// Exit codes are set, never process.exit(), so output still on its way into a pipe arrives.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof FetchSchemasError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`fetch-schemas failed, nothing changed: ${message}`);
    process.exitCode = 1;
  },
);
