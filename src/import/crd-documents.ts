import { parseAllDocuments } from 'yaml';
import { isRecord } from '../check/schema/types';
import type { ImportEntry } from './import-entries';

/** One CustomResourceDefinition of an import's upstream file. */
export interface CrdDocument {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  /** The parsed document (YAML 1.2, like the API server). */
  readonly document: Record<string, unknown>;
  /** The document's own text, from its `---`: what cdk8s import generates the types from. */
  readonly text: string;
}

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/**
 * The CRDs an import stands for. An upstream file with one CRD is that CRD. From a file with
 * several (node-feature-discovery ships three in one), the ones whose kind ends the import's name
 * (`nfd-nodefeaturerule` → NodeFeatureRule) are kept, or all of them when the name names none: the
 * platform renders only the kinds it imports, and a local copy of one document of such a file must
 * give the same result as the whole file.
 */
export function crdsOf(entry: ImportEntry, text: string): CrdDocument[] {
  const source = `${entry.url} (import ${entry.name}, ${entry.where})`;
  const crds: CrdDocument[] = [];
  // YAML 1.2 on purpose: the AlertmanagerConfig CRD has an unquoted `=` enum value, which YAML 1.1
  // parsers treat as a special "value" key but YAML 1.2 (and the API server) reads as the string "=".
  for (const parsed of parseAllDocuments(text, { version: '1.2', prettyErrors: true })) {
    const error = parsed.errors[0];
    if (error !== undefined) throw new Error(`${source}: invalid YAML at line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}`);
    const document: unknown = parsed.toJS();
    if (!isRecord(document) || document.kind !== 'CustomResourceDefinition' || document.apiVersion !== CRD_API_VERSION) continue;
    crds.push(readCrd(source, document, text.slice(parsed.range[0], parsed.range[2])));
  }
  if (crds.length === 0) throw new Error(`${source}: holds no ${CRD_API_VERSION} CustomResourceDefinition (is the pinned URL a CRD file?)`);
  if (crds.length === 1) return crds;
  const named = crds.filter((crd) => namesKind(entry.name, crd.kind));
  return named.length > 0 ? named : crds;
}

function namesKind(importName: string, kind: string): boolean {
  const name = importName.toLowerCase();
  const lowerKind = kind.toLowerCase();
  return name === lowerKind || name.endsWith(`-${lowerKind}`);
}

function readCrd(source: string, document: Record<string, unknown>, text: string): CrdDocument {
  const spec = isRecord(document.spec) ? document.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const { group } = spec;
  const { kind, plural } = names;
  if (typeof group !== 'string' || typeof kind !== 'string' || typeof plural !== 'string') {
    throw new Error(`${source}: a CustomResourceDefinition without spec.group, spec.names.kind and spec.names.plural`);
  }
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  for (const version of versions) {
    if (!isRecord(version) || typeof version.name !== 'string') throw new Error(`${source}: ${kind}.${group}: every spec.versions entry needs a name`);
    const schema = isRecord(version.schema) ? version.schema.openAPIV3Schema : undefined;
    if (version.served === true && !isRecord(schema)) throw new Error(`${source}: ${kind}.${group} ${version.name} is served but has no schema.openAPIV3Schema`);
  }
  if (!versions.some((version) => isRecord(version) && version.served === true)) throw new Error(`${source}: ${kind}.${group} serves no version`);
  return { group, kind, plural, document, text };
}
