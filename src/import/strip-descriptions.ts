import { isRecord } from '../check/schema/types';

// Walks a schema the way a validator does, so only the `description` keyword of a schema node is
// dropped: a property that happens to be named "description" is a key of a `properties` map and
// stays, and values such as `default`, `example` or `enum` are data, never walked into.

const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', 'dependencies'] as const;
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;
const SCHEMA_KEYWORDS = ['not', 'additionalProperties', 'additionalItems', 'propertyNames', 'contains'] as const;

/** A copy of a JSON schema (OpenAPI v2 or v3 flavour) without any schema-level `description`. */
export function withoutDescriptions(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description') continue;
    out[keyword] = childSchemas(keyword, value);
  }
  return out;
}

function childSchemas(keyword: string, value: unknown): unknown {
  if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, withoutDescriptions(child)]));
  }
  if ((SCHEMA_LIST_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) return value.map(withoutDescriptions);
  if ((SCHEMA_KEYWORDS as readonly string[]).includes(keyword)) return withoutDescriptions(value);
  if (keyword === 'items') return Array.isArray(value) ? value.map(withoutDescriptions) : withoutDescriptions(value);
  return value;
}
