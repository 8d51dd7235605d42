import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHART_FACTS_FOLDER } from '../render/declared-charts';
import type { KubeObject } from '../render/rendered-object';
import type { CheckedObject } from './types';

/** The committed dist/<env>/ of one environment: its files as text and the objects in them. */
export interface DistEnvironment {
  readonly name: string;
  /** Path below dist/<env>/ -> file text, sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  readonly objects: readonly CheckedObject[];
  /** Files (or documents in them) that are not readable Kubernetes objects. */
  readonly unreadable: readonly { readonly file: string; readonly message: string }[];
}

/** A fresh in-memory synth of the same environment: its files' text and the objects written to them. */
export interface FreshRender {
  readonly files: ReadonlyMap<string, string>;
  readonly objects: readonly CheckedObject[];
}

/**
 * Reads and parses dist/<env>/ once; every check works on the result. YAML 1.1, like the
 * serializer and like the Go YAML library Argo CD and kubectl use.
 *
 * A committed file byte-identical to the fresh render's is not parsed again: its objects are the
 * fresh ones, because parsing the serializer's output gives back exactly the object serialized
 * (a tested property, test/check/read-dist.test.ts). Parsing ~550 files was a third of the
 * check's time. Any file that differs is parsed from disk, so the checks always see what is
 * committed.
 */
export function readDistEnvironment(distDir: string, name: string, fresh?: FreshRender): DistEnvironment {
  const dir = path.join(distDir, name);
  const files = new Map<string, string>();
  const objects: CheckedObject[] = [];
  const { regular, irregular } = listDistEntries(dir);
  const unreadable: { file: string; message: string }[] = irregular.map(({ file, what }) => ({
    file,
    message: `${what}: dist/ holds only regular files (Argo CD would follow a link, the check does not)`,
  }));
  const freshObjects = groupByFile(fresh?.objects ?? []);
  for (const file of regular) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    files.set(file, text);
    if (ARGOCD_EVALUATES.test(file)) {
      unreadable.push({ file, message: 'Argo CD evaluates .jsonnet files in a directory source; dist/ holds only rendered YAML' });
      continue;
    }
    // The declared chart facts are committed for review and diff, but no Application's path
    // holds them, so Argo CD never reads them as manifests ("current" still compares them).
    if (!ARGOCD_READS.test(file) || file.startsWith(`${CHART_FACTS_FOLDER}/`)) continue;
    const known = fresh?.files.get(file) === text ? freshObjects.get(file) : undefined;
    if (known !== undefined) {
      objects.push(...known);
      continue;
    }
    const folder = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    for (const parsed of parseManifests(file, text)) {
      if ('message' in parsed) unreadable.push({ file, message: parsed.message });
      else objects.push({ file, folder, object: parsed.object });
    }
  }
  return { name, files, objects, unreadable };
}

/** The manifests Argo CD's directory source reads (argo-cd reposerver: .yaml, .yml and .json). */
const ARGOCD_READS = /\.(ya?ml|json)$/;
/** Files a directory source evaluates as code rather than reading as manifests. */
const ARGOCD_EVALUATES = /\.(jsonnet|libsonnet)$/;

/** Objects of one file, or why a document is not one. JSON is YAML, so one parser reads both. */
function parseManifests(file: string, text: string): ({ object: KubeObject } | { message: string })[] {
  const found: ({ object: KubeObject } | { message: string })[] = [];
  for (const document of parseAllDocuments(text, { version: '1.1' })) {
    if (document.errors.length > 0) {
      found.push({ message: `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${document.errors[0]!.message.split('\n')[0]}` });
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS();
    } catch (error) {
      found.push({ message: `unreadable: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document
    // A JSON file may hold a list of objects, as kubectl and Argo CD accept.
    for (const item of file.endsWith('.json') && Array.isArray(value) ? value : [value]) {
      const problem = notAnObject(item);
      found.push(problem === undefined ? { object: item as KubeObject } : { message: problem });
    }
  }
  return found;
}

/**
 * Every entry below dir, without following links: regular files (paths with /, sorted) and
 * anything else (a symbolic link, a FIFO, a socket, a device) by path and kind. A link in dist/
 * could point anywhere, so it is reported, never read.
 */
function listDistEntries(dir: string): { regular: string[]; irregular: { file: string; what: string }[] } {
  const regular: string[] = [];
  const irregular: { file: string; what: string }[] = [];
  if (!existsSync(dir)) return { regular, irregular };
  if (lstatSync(dir).isSymbolicLink()) return { regular, irregular: [{ file: '', what: 'the environment folder is a symbolic link' }] };
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const file = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) regular.push(file);
      else irregular.push({ file, what: entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file' });
    }
  };
  walk('');
  return { regular: regular.sort(), irregular: irregular.sort((a, b) => (a.file < b.file ? -1 : 1)) };
}

function groupByFile(objects: readonly CheckedObject[]): Map<string, CheckedObject[]> {
  const byFile = new Map<string, CheckedObject[]>();
  for (const object of objects) {
    const group = byFile.get(object.file);
    if (group === undefined) byFile.set(object.file, [object]);
    else group.push(object);
  }
  return byFile;
}

/** Why a parsed document is not a Kubernetes object (apiVersion, kind, metadata.name), or undefined. */
function notAnObject(value: unknown): string | undefined {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) return `expected a Kubernetes object, got ${Array.isArray(value) ? 'a list' : typeof value}`;
  const record = value as Record<string, unknown>;
  for (const key of ['apiVersion', 'kind'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') return `missing "${key}"`;
  }
  const metadata = record['metadata'];
  if (typeof metadata !== 'object' || metadata === null || typeof (metadata as Record<string, unknown>)['name'] !== 'string') {
    return 'missing "metadata.name"';
  }
  return undefined;
}
