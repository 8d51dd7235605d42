import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { writeCacheFile } from '../check/schema/cache-file';
import { DEFINITIONS_FILE } from '../check/schema/kubernetes-definitions';

// What Argo CD passes as --api-versions is the destination cluster's discovery: every served
// group/version, and group/version/Kind for each resource kind (util/argo APIResourcesToStrings
// with includeKinds). Without a cluster, the same list is derived from what the check already
// pins: the Kubernetes definitions (built-in kinds) and the CRDs in the schema dir (the kinds the
// platform's charts and Argo CD install). docs/decisions/helm-rendering.md lists the differences
// from a live discovery.

/**
 * Beta group/versions the 1.28 definitions describe but an API server does not serve unless
 * enabled (KEP-3136: new beta APIs are off by default). Alpha versions are always off by default.
 */
const BETA_OFF_BY_DEFAULT: ReadonlySet<string> = new Set(['admissionregistration.k8s.io/v1beta1']);

export interface ClusterApiVersionsOptions {
  /** A schema dir in the layout of ../shared/upstream: k8s/v1.28/_definitions.json and crds/. */
  readonly schemaDir: string;
  /** Where the derived list is kept between runs; undefined derives it every time. */
  readonly cacheDir?: string;
}

/** Lists already derived in this process, by the digest of their input files. */
const derived = new Map<string, readonly string[]>();

/**
 * Sorted, distinct `group/version` and `group/version/Kind` strings (`v1`, `v1/Pod` for the core
 * group). Parsing ~13 MB of CRD YAML takes seconds, so the list is kept under cacheDir named by
 * a digest of the exact input files: a changed pin is a new entry, never a stale one.
 */
export function clusterApiVersions(options: ClusterApiVersionsOptions): readonly string[] {
  const definitionsFile = path.join(options.schemaDir, DEFINITIONS_FILE);
  if (!existsSync(definitionsFile)) throw new Error(`${definitionsFile} not found: the schema dir has no Kubernetes definitions (npm run import regenerates imports/schemas; GITOPS_SCHEMA_DIR names another dir)`);
  const crdDir = path.join(options.schemaDir, 'crds');
  const crdFiles = existsSync(crdDir) ? yamlFilesUnder(crdDir) : [];
  const texts = new Map([definitionsFile, ...crdFiles].map((file) => [file, readFileSync(file)]));
  const hash = createHash('sha256').update(`${FORMAT}\0`);
  for (const [file, bytes] of texts) hash.update(`${path.relative(options.schemaDir, file)}\0${bytes.length}\0`).update(bytes);
  const key = hash.digest('hex').slice(0, 32);

  const list = derived.get(key) ?? readCached(options.cacheDir, key) ?? derive(definitionsFile, crdFiles, texts);
  derived.set(key, list);
  if (options.cacheDir !== undefined) {
    const file = path.join(options.cacheDir, `api-versions-${key}.json`);
    if (!existsSync(file)) writeCacheFile(file, () => JSON.stringify(list));
  }
  return list;
}

function derive(definitionsFile: string, crdFiles: readonly string[], texts: ReadonlyMap<string, Buffer>): readonly string[] {
  const versions = new Set<string>();
  const add = ({ group, version, kind }: GroupVersionKind): void => {
    const groupVersion = group === '' ? version : `${group}/${version}`;
    versions.add(groupVersion);
    versions.add(`${groupVersion}/${kind}`);
  };
  builtInKinds(definitionsFile, texts.get(definitionsFile)!.toString('utf8')).forEach(add);
  for (const file of crdFiles) customResourceKinds(file, texts.get(file)!.toString('utf8')).forEach(add);
  return [...versions].sort();
}

/** Bumped when the derivation changes, so older cache entries are not used. */
const FORMAT = 1;

function readCached(cacheDir: string | undefined, key: string): readonly string[] | undefined {
  if (cacheDir === undefined) return undefined;
  try {
    const list: unknown = JSON.parse(readFileSync(path.join(cacheDir, `api-versions-${key}.json`), 'utf8'));
    return Array.isArray(list) && list.every((item) => typeof item === 'string') ? list : undefined;
  } catch {
    return undefined;
  }
}

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** Resource kinds of the built-in API groups an API server serves by default. */
function builtInKinds(definitionsFile: string, text: string): GroupVersionKind[] {
  let parsed: { definitions?: Record<string, { 'x-kubernetes-group-version-kind'?: GroupVersionKind[] }> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new Error(`${definitionsFile}: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const kinds: GroupVersionKind[] = [];
  for (const [name, definition] of Object.entries(parsed.definitions ?? {})) {
    // apimachinery's meta types (DeleteOptions, WatchEvent, Status, ...) carry a GVK for every
    // group and version that exists, served or not; they are not resources.
    if (name.startsWith('io.k8s.apimachinery.')) continue;
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      if (gvk.kind.endsWith('List') || /alpha/.test(gvk.version)) continue;
      if (BETA_OFF_BY_DEFAULT.has(gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`)) continue;
      kinds.push(gvk);
    }
  }
  return kinds;
}

/** Served versions of every CustomResourceDefinition in one YAML file (any number of documents). */
function customResourceKinds(file: string, text: string): GroupVersionKind[] {
  let documents: unknown[];
  try {
    // js-yaml: ~2x faster than the yaml package on these files, and only names and flags are read.
    documents = loadAll(text);
  } catch (error) {
    throw new Error(`${file}: invalid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const kinds: GroupVersionKind[] = [];
  for (const document of documents as (CrdDocument | null)[]) {
    if (document?.kind !== 'CustomResourceDefinition' || document.spec === undefined) continue;
    const { group, names, versions } = document.spec;
    for (const version of versions ?? []) if (version.served === true) kinds.push({ group, version: version.name, kind: names.kind });
  }
  return kinds;
}

interface CrdDocument {
  readonly kind?: string;
  readonly spec?: { readonly group: string; readonly names: { readonly kind: string }; readonly versions?: readonly { readonly name: string; readonly served?: boolean }[] };
}

function yamlFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files.sort();
}
