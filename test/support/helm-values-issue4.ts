import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { REPO_ROOT } from './repo';

/** ../shared/upstream, or GITOPS_UPSTREAM_DIR. */
export const UPSTREAM_DIR = process.env.GITOPS_UPSTREAM_DIR ?? path.resolve(REPO_ROOT, '../shared/upstream');

export function upstreamAvailable(): boolean {
  return existsSync(path.join(UPSTREAM_DIR, 'charts')) && existsSync(path.join(UPSTREAM_DIR, 'crds'));
}

/**
 * "Real keys only" for the typed Helm values of the issue-4 components: every key this project
 * sets must exist in the chart's upstream values.yaml (../shared/upstream/charts/<chart>), or be
 * listed as a documented exception (a key the chart's templates read that values.yaml only shows
 * in a comment, or a key of a subchart whose values.yaml is not in the upstream copy).
 */

export function upstreamValues(chart: string): unknown {
  return parse(readFileSync(path.join(UPSTREAM_DIR, 'charts', chart, 'values.yaml'), 'utf8'));
}

const KUBERNETES_TYPED_KEYS = new Set(['resources', 'securityContext', 'podSecurityContext', 'containerSecurityContext']);

/**
 * Paths (dot-separated) of `values` that do not exist in `upstream`. Below an upstream value that
 * is free-form (empty map, list, scalar or null) anything goes: the chart passes it through.
 * `exceptions` are paths accepted as they are, with everything below them.
 */
export function unknownValuePaths(values: unknown, upstream: unknown, exceptions: readonly string[] = [], prefix = ''): string[] {
  if (!isMap(values) || !isMap(upstream) || Object.keys(upstream).length === 0) return [];
  // Kubernetes types (ResourceRequirements, [Pod]SecurityContext) that charts pass through whole.
  const last = prefix.slice(prefix.lastIndexOf('.') + 1);
  if (KUBERNETES_TYPED_KEYS.has(last)) return [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const here = prefix === '' ? key : `${prefix}.${key}`;
    if (exceptions.includes(here)) continue;
    if (!(key in upstream)) {
      unknown.push(here);
      continue;
    }
    unknown.push(...unknownValuePaths(value, upstream[key], exceptions, here));
  }
  return unknown;
}

/** Deep merge for combining a chart's values with a subchart's (subchart under its key). */
export function withSubchart(values: unknown, key: string, subchartValues: unknown): unknown {
  if (!isMap(values)) throw new Error('values must be a map');
  const current = values[key];
  return { ...values, [key]: merge(current, subchartValues) };
}

function merge(a: unknown, b: unknown): unknown {
  if (!isMap(a) || !isMap(b)) return b ?? a;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const compiledSchemas = new Map<string, ValidateFunction>();

/**
 * Violations of the chart's own values.schema.json (draft-07), as `path: message` lines. Like
 * Helm, it validates the chart's defaults with these values coalesced over them.
 */
export function valuesSchemaErrors(chart: string, values: unknown): string[] {
  let validate = compiledSchemas.get(chart);
  if (!validate) {
    const schema = JSON.parse(readFileSync(path.join(UPSTREAM_DIR, 'charts', chart, 'values.schema.json'), 'utf8')) as Record<string, unknown>;
    const { $schema: _draft, ...body } = schema;
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(body);
    compiledSchemas.set(chart, validate);
  }
  const merged = helmCoalesce(upstreamValues(chart), values);
  return validate(merged) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

/** Helm's value coalescing: maps merge key by key, anything else (lists too) replaces; null deletes. */
function helmCoalesce(defaults: unknown, overrides: unknown): unknown {
  if (!isMap(defaults) || !isMap(overrides)) return overrides === undefined ? defaults : overrides;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? helmCoalesce(out[k], v) : v;
  }
  return out;
}
