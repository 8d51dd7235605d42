import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { baseNameOf, type UpstreamFile, type UpstreamReader } from './upstream-files';

/**
 * Upstream files whose local copy has another name. node-feature-discovery ships its three CRDs
 * in one file; ../shared/upstream keeps only the NodeFeatureRule document of it (see SOURCES.md).
 * The import picks the same document from either (crd-documents.ts), so the output is the same.
 */
const LOCAL_ALIASES: Readonly<Record<string, string>> = {
  'nfd-api-crds.yaml': 'nfd.k8s-sigs.io_nodefeaturerules.yaml',
};

/**
 * Offline: every upstream file is the file with the same base name found anywhere below `dir`
 * (e.g. ../shared/upstream, which holds crds/<repo>/<file> and k8s/v1.28/_definitions.json).
 * Every missing or ambiguous file is reported at once.
 */
export function readFromFolder(dir: string): UpstreamReader {
  return async (files) => {
    const root = path.resolve(dir);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--from ${dir}: ${root} is not a directory`);
    const wanted = new Map<string, UpstreamFile[]>();
    for (const file of files) wanted.set(localNameOf(file), [...(wanted.get(localNameOf(file)) ?? []), file]);
    const found = new Map<string, string[]>();
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && wanted.has(entry.name)) found.set(entry.name, [...(found.get(entry.name) ?? []), path.join(entry.parentPath, entry.name)]);
    }
    const problems: string[] = [];
    const texts = new Map<string, string>();
    for (const [name, [file, ...others]] of wanted) {
      const candidates = (found.get(name) ?? []).sort();
      if (file === undefined) continue;
      if (others.length > 0) problems.push(`  ${name} is the name of ${others.length + 1} pinned files (${[file, ...others].map((f) => f.url).join(', ')}): a folder cannot hold both`);
      else if (candidates.length === 1) texts.set(file.url, readFileSync(candidates[0]!, 'utf8'));
      else if (candidates.length === 0) problems.push(`  missing ${name}: ${file.neededFor}, ${file.url}`);
      else problems.push(`  ${name} is ambiguous (${candidates.map((c) => path.relative(root, c)).join(', ')}): ${file.neededFor}`);
    }
    if (problems.length > 0) {
      throw new Error(`--from ${dir}: ${problems.length} of ${files.length} upstream files not found by base name below ${root}:\n${problems.join('\n')}\n` +
        'Point --from at a folder holding every pinned file (e.g. ../shared/upstream: crds/ and k8s/), or run npm run import without --from to download them.');
    }
    return texts;
  };
}

function localNameOf(file: UpstreamFile): string {
  const name = baseNameOf(file.url);
  return LOCAL_ALIASES[name] ?? name;
}
