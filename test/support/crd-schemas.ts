import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { goRegExp } from '../../src/check/schema/go-regexp';

/**
 * A deliberately small CRD validator for tests: every custom resource must match the
 * openAPIV3Schema of the pinned upstream CRD, strictly (an unknown field is an error, as it is
 * with `kubectl apply --validate=strict`). To be replaced by the shared validator in
 * src/check/schema once that exists.
 */

type JsonSchema = { [key: string]: unknown };

interface CrdVersion {
  readonly name: string;
  readonly schema?: { readonly openAPIV3Schema?: JsonSchema };
}
interface Crd {
  readonly spec: { readonly group: string; readonly names: { readonly kind: string }; readonly versions: readonly CrdVersion[] };
}

export interface CrdCheck {
  /** Schema violations, one line each (empty when valid). */
  readonly errors: readonly string[];
  /** JSON pointers of fields the API server would default because the object leaves them out. */
  readonly defaulted: readonly string[];
}

/** Loads every CRD below `crdDir` once and validates objects against them. */
export class CrdSchemas {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly compiled = new Map<string, { strict: ValidateFunction; defaulting: ValidateFunction }>();
  private readonly ajv = newAjv(false);
  private readonly defaultingAjv = newAjv(true);

  constructor(crdDir: string) {
    for (const entry of readdirSync(crdDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
      const crd = parse(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'), { version: '1.2' }) as Crd;
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (schema) this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
      }
    }
  }

  has(apiVersion: string, kind: string): boolean {
    return this.schemas.has(`${apiVersion}/${kind}`);
  }

  check(object: { apiVersion: string; kind: string }): CrdCheck {
    const key = `${object.apiVersion}/${object.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) return { errors: [`no CRD for ${key} below the upstream crds/ folder`], defaulted: [] };
    let validators = this.compiled.get(key);
    if (!validators) {
      const strict = strictSchema(schema) as JsonSchema;
      validators = { strict: this.ajv.compile(strict), defaulting: this.defaultingAjv.compile(strict) };
      this.compiled.set(key, validators);
    }
    const errors = validators.strict(object) ? [] : (validators.strict.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params['additionalProperty'])}'` : ''}`);
    const copy = structuredClone(object);
    validators.defaulting(copy);
    return { errors, defaulted: differences(object, copy, '') };
  }
}

function newAjv(useDefaults: boolean): Ajv {
  // Kubernetes' OpenAPI dialect: x-kubernetes-* keywords and a few formats ajv does not know.
  // CRD patterns are Go RE2 (the PrometheusRule CRD has `^(?i)(abort|warn)?$`): translate them.
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults, validateFormats: false, code: { regExp: goRegExp } });
  for (const keyword of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations']) {
    ajv.addKeyword(keyword);
  }
  return ajv;
}

/**
 * Objects with declared properties accept nothing else, unless the schema preserves unknown
 * fields: the API server would silently prune an unknown field, which hides typos.
 */
function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (typeof node !== 'object' || node === null) return node;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) result[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, strictSchema(v)])) : strictSchema(value);
  if (result['properties'] !== undefined && result['additionalProperties'] === undefined && result['x-kubernetes-preserve-unknown-fields'] !== true) {
    result['additionalProperties'] = false;
  }
  return result;
}

function differences(before: unknown, after: unknown, pointer: string): string[] {
  if (typeof after !== 'object' || after === null) return before === undefined && after !== undefined ? [pointer] : [];
  if (before === undefined) return [pointer];
  return Object.keys(after).flatMap((key) => differences((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], `${pointer}/${key}`));
}
