import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ParsedYamlCache } from './parsed-yaml-cache';
import { isRecord } from './types';

// A schema dir holds CRDs as JSON (what npm run import generates into imports/schemas/crds/, one
// CRD per file) or as upstream YAML (e.g. --schema-dir ../shared/upstream). JSON is parsed when
// the dir is scanned: the generated files are ~1.2 MB and JSON.parse reads them in ~10 ms.
// Upstream YAML adds up to ~10 MB, and parsing all of it takes ~3 s, while a check only ever needs
// a handful of kinds; so for YAML, loading reads the cheap header of each CRD (everything before
// `versions:`) to learn its group and kind, and parses the whole document on first use (through a
// cache of parsed documents, parsed-yaml-cache.ts, when one is given).

/** Where a schema dir keeps its CRDs (any depth; *.json, *.yaml, *.yml). */
export const CRDS_DIR = 'crds';

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly openAPIV3Schema: unknown;
}

export interface CustomResourceDefinition {
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: readonly CrdVersion[];
}

interface CatalogEntry {
  readonly file: string;
  readonly parser: ParsedYamlCache;
  /** The document's YAML until it is parsed; dropped afterwards to free memory. */
  text?: string;
  parsed?: CustomResourceDefinition;
}

interface CrdHeader {
  readonly group: string;
  readonly kind: string;
}

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
const DOCUMENT_SEPARATOR = /^---[ \t]*\r?$/m;
// controller-gen and most generators write spec keys in alphabetical order, so `versions:`
// (which holds the bulky schemas) comes after group and names.
const VERSIONS_KEY = /^[ \t]*versions:[ \t]*\r?$/m;

export class CrdCatalog {
  private constructor(private readonly entries: ReadonlyMap<string, CatalogEntry>) {}

  /**
   * Indexes every CustomResourceDefinition in <crdDir>/**\/*.{json,yaml,yml} by group and kind. A
   * missing dir is an empty catalog: custom resources then fail with "no schema", which says enough.
   */
  static scan(crdDir: string, parser: ParsedYamlCache = new ParsedYamlCache(undefined)): CrdCatalog {
    const entries = new Map<string, CatalogEntry>();
    const add = (header: CrdHeader, entry: CatalogEntry): void => {
      const key = groupKindKey(header.group, header.kind);
      const existing = entries.get(key);
      if (existing !== undefined) throw new Error(`two CRDs define ${header.kind}.${header.group}: ${existing.file} and ${entry.file}`);
      entries.set(key, entry);
    };
    const files = existsSync(crdDir) ? crdFilesUnder(crdDir) : [];
    for (const file of files) {
      if (file.endsWith('.json')) {
        const entry = readJsonEntry(file, parser);
        if (entry.parsed !== undefined) add(entry.parsed, entry);
        continue;
      }
      for (const text of readFileSync(file, 'utf8').split(DOCUMENT_SEPARATOR)) {
        if (isBlankDocument(text)) continue;
        const entry: CatalogEntry = { file, parser, text };
        const header = readHeader(text) ?? parseEntry(entry);
        if (header !== undefined) add(header, entry); // else a document that is not a v1 CRD
      }
    }
    return new CrdCatalog(entries);
  }

  /** The CRD for a group and kind, parsed on first request. */
  find(group: string, kind: string): CustomResourceDefinition | undefined {
    const entry = this.entries.get(groupKindKey(group, kind));
    if (entry === undefined) return undefined;
    const crd = parseEntry(entry);
    if (crd === undefined || crd.group !== group || crd.kind !== kind) {
      throw new Error(`${entry.file}: expected the CRD for ${kind}.${group}, found ${describe(crd)}`);
    }
    return crd;
  }
}

function groupKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

function crdFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...crdFilesUnder(full));
    else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(full);
  }
  return files.sort();
}

/** A JSON file holds one CRD document; parsed right away (a file that is not a v1 CRD is left out). */
function readJsonEntry(file: string, parser: ParsedYamlCache): CatalogEntry {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entry: CatalogEntry = { file, parser };
  entry.parsed = crdOf(file, document);
  return entry;
}

function isBlankDocument(text: string): boolean {
  return text.split('\n').every((line) => line.trim() === '' || line.trimStart().startsWith('#'));
}

/** Group and kind from the text before `versions:`, or undefined when that shortcut does not work. */
function readHeader(text: string): CrdHeader | undefined {
  const versionsAt = text.search(VERSIONS_KEY);
  if (versionsAt === -1) return undefined;
  let header: unknown;
  try {
    header = parse(text.slice(0, versionsAt));
  } catch {
    return undefined;
  }
  return headerOf(header);
}

function headerOf(document: unknown): CrdHeader | undefined {
  if (!isRecord(document) || document.kind !== 'CustomResourceDefinition') return undefined;
  if (document.apiVersion !== CRD_API_VERSION) return undefined;
  const spec = document.spec;
  const names = isRecord(spec) ? spec.names : undefined;
  const group = isRecord(spec) ? spec.group : undefined;
  const kind = isRecord(names) ? names.kind : undefined;
  return typeof group === 'string' && typeof kind === 'string' ? { group, kind } : undefined;
}

function parseEntry(entry: CatalogEntry): CustomResourceDefinition | undefined {
  if (entry.parsed !== undefined || entry.text === undefined) return entry.parsed;
  let document: unknown;
  try {
    // YAML 1.2 on purpose: the AlertmanagerConfig CRD has an unquoted `=` enum value, which
    // YAML 1.1 parsers treat as a special "value" key but YAML 1.2 reads as the string "=".
    document = entry.parser.parse(entry.text, '1.2');
  } catch (error) {
    throw new Error(`${entry.file}: invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  entry.text = undefined;
  entry.parsed = crdOf(entry.file, document);
  return entry.parsed;
}

function crdOf(file: string, document: unknown): CustomResourceDefinition | undefined {
  const header = headerOf(document);
  if (header === undefined || !isRecord(document) || !isRecord(document.spec)) return undefined;
  const versions = Array.isArray(document.spec.versions) ? document.spec.versions : [];
  return { file, ...header, versions: versions.filter(isRecord).map(readVersion) };
}

function readVersion(version: Record<string, unknown>): CrdVersion {
  const schema = version.schema;
  return {
    name: typeof version.name === 'string' ? version.name : '',
    served: version.served === true,
    openAPIV3Schema: isRecord(schema) ? schema.openAPIV3Schema : undefined,
  };
}

function describe(crd: CustomResourceDefinition | undefined): string {
  return crd === undefined ? 'no v1 CustomResourceDefinition' : `${crd.kind}.${crd.group}`;
}
