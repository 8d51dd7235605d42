import { isRecord, type JsonSchema } from './types';

// Kubernetes publishes OpenAPI-flavoured schemas (swagger definitions for built-ins, OpenAPI v3
// "structural" schemas in CRDs). This turns one into a plain draft-07 schema that ajv validates
// the way `kubeconform -strict` does: unknown fields are errors unless the schema opts out.

export interface NormalizeContext {
  /** Called for every `format` so that it can be registered with ajv before compiling. */
  readonly onFormat: (format: string) => void;
  /** $ref of io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, for embedded resources. */
  readonly objectMetaRef: string;
}

// Validation keywords copied unchanged. Everything else (description, default, example,
// x-kubernetes-validations (CEL, which we cannot evaluate), list/map-type hints, ...) is dropped:
// it does not constrain the data and only makes compiled validators bigger.
const COPIED_KEYWORDS = [
  '$ref',
  'type',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
] as const;

const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions'] as const;
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;

export function normalizeSchema(node: unknown, context: NormalizeContext): JsonSchema | boolean {
  if (typeof node === 'boolean') return node;
  if (!isRecord(node)) return {};
  const out: JsonSchema = {};

  for (const keyword of COPIED_KEYWORDS) {
    if (node[keyword] !== undefined) out[keyword] = node[keyword];
  }
  copyExclusiveBounds(node, out);
  copyFormat(node, out, context);

  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = node[keyword];
    if (isRecord(map)) out[keyword] = mapValues(map, (child) => normalizeSchema(child, context));
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = node[keyword];
    if (Array.isArray(list)) out[keyword] = list.map((child: unknown) => normalizeSchema(child, context));
  }
  for (const keyword of ['not', 'additionalProperties', 'additionalItems'] as const) {
    if (node[keyword] !== undefined) out[keyword] = normalizeSchema(node[keyword], context);
  }
  const items = node.items;
  if (Array.isArray(items)) out.items = items.map((child: unknown) => normalizeSchema(child, context));
  else if (items !== undefined) out.items = normalizeSchema(items, context);

  collapseTypeAlternatives(out);
  applyIntOrString(node, out);
  applyEmbeddedResource(node, out, context);
  applyNullable(node, out);
  applyStrictness(node, out);
  return out;
}

/** OpenAPI v3.0 spells exclusive bounds as booleans next to minimum/maximum; draft-07 wants numbers. */
function copyExclusiveBounds(node: Record<string, unknown>, out: JsonSchema): void {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = node[flag];
    if (typeof value === 'number') out[flag] = value;
    else if (value === true && typeof node[bound] === 'number') {
      out[flag] = node[bound];
      delete out[bound];
    }
  }
}

function copyFormat(node: Record<string, unknown>, out: JsonSchema, context: NormalizeContext): void {
  const format = node.format;
  // "int-or-string" is a type, not a format; applyIntOrString handles it.
  if (typeof format !== 'string' || format === 'int-or-string') return;
  context.onFormat(format);
  out.format = format;
}

/**
 * `oneOf: [{type: string}, {type: integer}]` (IntOrString, Quantity, CRD int-or-string fields)
 * becomes `type: [string, integer]`: same meaning, and one readable error instead of three.
 * Only when the alternatives cannot overlap (integer ⊂ number would change what oneOf accepts).
 */
function collapseTypeAlternatives(out: JsonSchema): void {
  if (out.type !== undefined) return;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const alternatives = out[keyword];
    if (!Array.isArray(alternatives) || alternatives.length === 0) continue;
    const types = alternatives.map(onlyType);
    if (types.some((type) => type === undefined)) continue;
    const unique = new Set(types);
    if (unique.size !== types.length || (unique.has('integer') && unique.has('number'))) continue;
    out.type = types;
    delete out[keyword];
    return;
  }
}

function onlyType(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  const keys = Object.keys(schema);
  return keys.length === 1 && typeof schema.type === 'string' ? schema.type : undefined;
}

/** x-kubernetes-int-or-string (CRDs) and format: int-or-string (older swagger) accept either. */
function applyIntOrString(node: Record<string, unknown>, out: JsonSchema): void {
  if (node['x-kubernetes-int-or-string'] !== true && node.format !== 'int-or-string') return;
  out.type = ['integer', 'string'];
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const alternatives = out[keyword];
    if (Array.isArray(alternatives) && alternatives.every((schema) => onlyType(schema) !== undefined)) delete out[keyword];
  }
}

/** An embedded resource (e.g. a template object) implicitly allows apiVersion, kind and metadata. */
function applyEmbeddedResource(node: Record<string, unknown>, out: JsonSchema, context: NormalizeContext): void {
  if (node['x-kubernetes-embedded-resource'] !== true) return;
  const properties = isRecord(out.properties) ? out.properties : {};
  out.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: context.objectMetaRef },
    ...properties,
  };
}

function applyNullable(node: Record<string, unknown>, out: JsonSchema): void {
  if (node.nullable !== true) return;
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

/**
 * The kubeconform -strict rule: an object schema that lists its properties rejects any other
 * field, unless it declares additionalProperties itself or preserves unknown fields.
 * A bare `type: object` (no properties) stays free-form, as in the API server.
 */
function applyStrictness(node: Record<string, unknown>, out: JsonSchema): void {
  if (out.properties === undefined || out.additionalProperties !== undefined) return;
  if (node['x-kubernetes-preserve-unknown-fields'] === true) return;
  out.additionalProperties = false;
}

function mapValues<T>(record: Record<string, unknown>, transform: (value: unknown) => T): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) result[key] = transform(value);
  return result;
}
