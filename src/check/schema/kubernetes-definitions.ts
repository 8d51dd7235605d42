import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { joinApiVersion } from './api-version';
import { normalizeSchema, type NormalizeContext } from './normalize-schema';
import { isRecord, type JsonSchema } from './types';

/** The Kubernetes minor version whose built-in schemas the platform targets. */
export const KUBERNETES_VERSION = 'v1.28';

export const DEFINITIONS_FILE = path.join('k8s', KUBERNETES_VERSION, '_definitions.json');

/** $id under which the normalized definitions document is registered with ajv. */
export const KUBERNETES_SCHEMA_ID = `kubernetes-${KUBERNETES_VERSION}.json`;

export const OBJECT_META_REF = `${KUBERNETES_SCHEMA_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

export interface KubernetesDefinitions {
  /** The normalized document, `{ $id, definitions }`, ready for ajv.addSchema. */
  readonly document: JsonSchema;
  /** "apiVersion kind" → definition name, from x-kubernetes-group-version-kind. */
  readonly definitionByKind: ReadonlyMap<string, string>;
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/** Reads <schemaDir>/k8s/v1.28/_definitions.json (swagger "definitions" as published by cdk8s-team). */
export function loadKubernetesDefinitions(schemaDir: string, context: NormalizeContext): KubernetesDefinitions {
  const file = path.join(schemaDir, DEFINITIONS_FILE);
  if (!existsSync(file)) throw new Error(`${file} not found: ${schemaDir} is not a schema dir`);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const definitions = isRecord(parsed) ? parsed.definitions : undefined;
  if (!isRecord(definitions)) throw new Error(`${file}: expected an object with "definitions"`);

  const normalized = normalizeSchema({ definitions }, context);
  if (typeof normalized === 'boolean') throw new Error(`${file}: unexpected boolean schema`);
  return {
    document: { ...normalized, $id: KUBERNETES_SCHEMA_ID },
    definitionByKind: indexGroupVersionKinds(definitions),
  };
}

function indexGroupVersionKinds(definitions: Record<string, unknown>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, definition] of Object.entries(definitions)) {
    const kinds = isRecord(definition) ? definition['x-kubernetes-group-version-kind'] : undefined;
    if (!Array.isArray(kinds)) continue;
    for (const gvk of kinds) {
      if (!isRecord(gvk)) continue;
      const { group, version, kind } = gvk;
      if (typeof group !== 'string' || typeof version !== 'string' || typeof kind !== 'string') continue;
      const key = kindKey(joinApiVersion({ group, version }), kind);
      // Each GVK belongs to one definition in the published file; if one ever repeats, keep the first.
      if (!index.has(key)) index.set(key, name);
    }
  }
  return index;
}
