import { OBJECT_META_REF } from './kubernetes-definitions';
import { normalizeSchema, type NormalizeContext } from './normalize-schema';
import { shareRepeatedSubschemas } from './share-repeated-subschemas';
import { isRecord, type JsonSchema } from './types';

/**
 * The strict schema for one served version of a custom resource.
 * CRD schemas declare metadata as a bare `type: object` (the API server supplies ObjectMeta), so
 * metadata is checked against ObjectMeta here; apiVersion and kind must name this very version.
 */
export function customResourceSchema(
  openAPIV3Schema: unknown,
  apiVersion: string,
  kind: string,
  context: NormalizeContext,
): JsonSchema {
  const normalized = normalizeSchema(openAPIV3Schema, context);
  const root: JsonSchema = typeof normalized === 'boolean' ? {} : normalized;
  const properties = isRecord(root.properties) ? root.properties : {};
  return shareRepeatedSubschemas({
    ...root,
    type: 'object',
    properties: {
      ...properties,
      apiVersion: { const: apiVersion },
      kind: { const: kind },
      metadata: { $ref: OBJECT_META_REF },
    },
  });
}
