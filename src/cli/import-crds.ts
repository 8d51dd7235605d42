import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { describeError } from './lib/describe-error';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const HELP = `Usage: npm run import [-- --from <dir>]

Regenerates imports/ with \`cdk8s import\` for every entry of cdk8s.yaml's imports list
(NAME:=URL, pinned upstream CRD URLs).

  --from <dir>   offline: take each CRD from the file with the same base name found anywhere
                 below <dir> (e.g. ../shared/upstream/crds) instead of downloading the URL`;

const root = REPO_ROOT;

function main(): void {
  const { values } = parseArgs({ options: { from: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const config = parse(readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')) as { imports?: string[] };
  const localFiles = values.from ? indexByBaseName(path.resolve(values.from)) : undefined;
  for (const spec of config.imports ?? []) {
    const [name, url] = spec.split(':=');
    if (!name || !url) throw new Error(`cdk8s.yaml: imports entry must be NAME:=URL, got '${spec}'`);
    const source = localFiles ? localFiles.get(offlineFileName(path.posix.basename(url))) : url;
    if (!source) throw new Error(`--from ${values.from}: no file named ${path.posix.basename(url)} for import '${name}'`);
    console.log(`import ${name} <- ${source}`);
    execFileSync(path.join(root, 'node_modules/.bin/cdk8s'), ['import', '--no-check-upgrade', '--no-save', '-l', 'typescript', '-o', 'imports', `${name}:=${source}`], { cwd: root, stdio: 'inherit' });
  }
}

/**
 * Upstream files whose offline copy has another name. node-feature-discovery ships its three CRDs
 * in one file; ../shared/upstream keeps only the NodeFeatureRule document of it (see SOURCES.md).
 */
const OFFLINE_ALIASES: Readonly<Record<string, string>> = {
  'nfd-api-crds.yaml': 'nfd.k8s-sigs.io_nodefeaturerules.yaml',
};

function offlineFileName(upstreamName: string): string {
  return OFFLINE_ALIASES[upstreamName] ?? upstreamName;
}

function indexByBaseName(dir: string): Map<string, string> {
  if (!existsSync(dir)) throw new Error(`--from: directory ${dir} does not exist`);
  const index = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) index.set(entry.name, path.join(entry.parentPath, entry.name));
  }
  return index;
}

// Errors as their message and an exit code, never an uncaught exception: that ends the process
// at once, cutting off output still on its way into a pipe.
try {
  main();
} catch (error) {
  console.error(`import failed: ${describeError(error)}`);
  process.exitCode = 1;
}
