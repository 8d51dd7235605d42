import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './repo';

/**
 * A small, local CRD-schema validator for the custom resources of issue 4 (monitoring, logging,
 * backup, StackRox, TEE nodes). A shared strict validator (src/check/schema/) is being written
 * separately and will replace this file; keep it test-only and self-contained until then.
 *
 * Strictness: like kubeconform -strict, an object schema with `properties` rejects unknown
 * fields unless it says otherwise (additionalProperties or x-kubernetes-preserve-unknown-fields),
 * so a typo in a field name fails here instead of being pruned silently by the API server.
 */

/** ../shared/upstream, or GITOPS_UPSTREAM_DIR. */
export const UPSTREAM_DIR = process.env.GITOPS_UPSTREAM_DIR ?? path.resolve(REPO_ROOT, '../shared/upstream');

export function upstreamAvailable(): boolean {
  return existsSync(path.join(UPSTREAM_DIR, 'crds'));
}

interface CrdVersion {
  readonly name: string;
  readonly schema?: { readonly openAPIV3Schema?: Record<string, unknown> };
}

interface Crd {
  readonly kind: string;
  readonly spec: { readonly group: string; readonly names: { readonly kind: string }; readonly versions: readonly CrdVersion[] };
}

interface ObjectLike {
  readonly apiVersion: string;
  readonly kind: string;
}

export class CrdSchemas {
  /** Loads every CRD below <upstream>/crds. */
  static load(upstreamDir: string = UPSTREAM_DIR): CrdSchemas {
    const crdsDir = path.join(upstreamDir, 'crds');
    const schemas = new Map<string, Record<string, unknown>>();
    for (const entry of readdirSync(crdsDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
      for (const doc of parseAllDocuments(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))) {
        const crd = doc.toJS() as Crd | null;
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const schema = version.schema?.openAPIV3Schema;
          if (schema) schemas.set(key(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), schema);
        }
      }
    }
    return new CrdSchemas(schemas);
  }

  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(private readonly schemas: ReadonlyMap<string, Record<string, unknown>>) {}

  /** Whether a CRD for this apiVersion and kind is known. */
  has(object: ObjectLike): boolean {
    return this.schemas.has(key(object.apiVersion, object.kind));
  }

  /** Schema violations as `path: message` lines; empty when valid. Throws for an unknown kind. */
  validate(object: ObjectLike): string[] {
    const id = key(object.apiVersion, object.kind);
    let validate = this.compiled.get(id);
    if (!validate) {
      const schema = this.schemas.get(id);
      if (!schema) throw new Error(`no CRD schema for ${id} in ${UPSTREAM_DIR}/crds`);
      validate = this.ajv.compile(strict(schema, true));
      this.compiled.set(id, validate);
    }
    if (validate(object)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`);
  }
}

/**
 * CRD patterns are Go (RE2) regular expressions; some contain an inline flag group such as
 * `^(?i)(abort|warn)?$`, which JavaScript does not accept. Move such groups into RegExp flags
 * (in these patterns they sit at the start, so the flag covers the same text).
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const inlineFlags = [...pattern.matchAll(/\(\?([ims]+)\)/g)].map((m) => m[1]!).join('');
  if (inlineFlags === '') return new RegExp(pattern, flags);
  return new RegExp(pattern.replace(/\(\?[ims]+\)/g, ''), [...new Set(flags + inlineFlags)].join(''));
}
goRegExp.code = 'new RegExp';

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/**
 * A copy of the schema in which objects with declared properties reject unknown ones. The root's
 * `metadata` stays open (CRDs declare it as a bare object; the API server validates it).
 */
function strict(node: unknown, isRoot = false): Record<string, unknown> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(node)) {
    if (name === 'properties' && typeof value === 'object' && value !== null) {
      copy.properties = Object.fromEntries(Object.entries(value).map(([p, s]) => [p, isRoot && p === 'metadata' ? s : strict(s)]));
    } else if (Array.isArray(value)) {
      copy[name] = value.map((v) => strict(v));
    } else if (typeof value === 'object' && value !== null) {
      copy[name] = strict(value);
    } else {
      copy[name] = value;
    }
  }
  const open = 'additionalProperties' in copy || copy['x-kubernetes-preserve-unknown-fields'] === true;
  if (copy.properties !== undefined && !open) copy.additionalProperties = false;
  return copy;
}
