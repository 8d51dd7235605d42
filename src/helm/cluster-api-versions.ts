import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFINITIONS_FILE } from '../check/schema/kubernetes-definitions';
import { ParsedYamlCache } from '../check/schema/parsed-yaml-cache';

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
  /** Where parsed CRD YAML is kept between runs; undefined parses every time. */
  readonly parsedCrdCacheDir?: string;
}

/** Sorted, distinct `group/version` and `group/version/Kind` strings (`v1`, `v1/Pod` for the core group). */
export function clusterApiVersions(options: ClusterApiVersionsOptions): string[] {
  const versions = new Set<string>();
  const add = (group: string, version: string, kind: string): void => {
    const groupVersion = group === '' ? version : `${group}/${version}`;
    versions.add(groupVersion);
    versions.add(`${groupVersion}/${kind}`);
  };
  for (const { group, version, kind } of builtInKinds(path.join(options.schemaDir, DEFINITIONS_FILE))) add(group, version, kind);
  const parser = new ParsedYamlCache(options.parsedCrdCacheDir);
  for (const { group, version, kind } of customResourceKinds(path.join(options.schemaDir, 'crds'), parser)) add(group, version, kind);
  return [...versions].sort();
}

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** Resource kinds of the built-in API groups an API server serves by default. */
function builtInKinds(definitionsFile: string): GroupVersionKind[] {
  if (!existsSync(definitionsFile)) throw new Error(`${definitionsFile} not found: the schema dir has no Kubernetes definitions (npm run fetch-schemas, or GITOPS_SCHEMA_DIR)`);
  const parsed = JSON.parse(readFileSync(definitionsFile, 'utf8')) as { definitions?: Record<string, { 'x-kubernetes-group-version-kind'?: GroupVersionKind[] }> };
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

const DOCUMENT_SEPARATOR = /^---[ \t]*\r?$/m;

/** Served versions of every CustomResourceDefinition in <crdDir>/**\/*.yaml. */
function customResourceKinds(crdDir: string, parser: ParsedYamlCache): GroupVersionKind[] {
  const kinds: GroupVersionKind[] = [];
  for (const file of existsSync(crdDir) ? yamlFilesUnder(crdDir) : []) {
    for (const text of readFileSync(file, 'utf8').split(DOCUMENT_SEPARATOR)) {
      if (text.trim() === '') continue;
      // YAML 1.2 like the check's CRD catalog (an AlertmanagerConfig enum holds a bare `=`).
      const document = parser.parse(text, '1.2') as CrdDocument | null;
      if (document?.kind !== 'CustomResourceDefinition' || document.spec === undefined) continue;
      const { group, names, versions } = document.spec;
      for (const version of versions ?? []) if (version.served === true) kinds.push({ group, version: version.name, kind: names.kind });
    }
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
