import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../render/rendered-object';
import { listFiles } from '../render/write-dist';
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
  const unreadable: { file: string; message: string }[] = [];
  const freshObjects = groupByFile(fresh?.objects ?? []);
  for (const file of [...listFiles(dir)].sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    files.set(file, text);
    if (!/\.ya?ml$/.test(file)) continue;
    const known = fresh?.files.get(file) === text ? freshObjects.get(file) : undefined;
    if (known !== undefined) {
      objects.push(...known);
      continue;
    }
    const folder = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    for (const document of parseAllDocuments(text, { version: '1.1' })) {
      if (document.errors.length > 0) {
        unreadable.push({ file, message: `invalid YAML: ${document.errors[0]!.message}` });
        continue;
      }
      const value: unknown = document.toJS();
      if (value === null || value === undefined) continue; // an empty document
      const problem = notAnObject(value);
      if (problem !== undefined) unreadable.push({ file, message: problem });
      else objects.push({ file, folder, object: value as KubeObject });
    }
  }
  return { name, files, objects, unreadable };
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
