import { createHash } from 'node:crypto';
import { isRecord, type JsonSchema } from './types';

// Generated CRDs repeat whole subtrees: the ApplicationSet CRD embeds the same Application
// template under each of its ~24 generator kinds, Kyverno repeats its rule schema for
// status.autogen. Ajv generates code per occurrence, so compiling ApplicationSet took seconds.
// Moving each repeated, non-trivial subtree into `definitions` and pointing at it with $ref
// makes ajv compile it once. Validation results and instance paths are unchanged.

/** Subtrees smaller than this many schema nodes are cheap to compile; sharing them is not worth a $ref. */
const MIN_SHARED_NODES = 20;
const DEFINITION_PREFIX = 'shared-';

const CHILD_MAP_KEYWORDS = ['properties', 'patternProperties'] as const;
const CHILD_KEYWORDS = ['items', 'additionalProperties', 'additionalItems'] as const;

interface Summary {
  readonly signature: string;
  readonly nodes: number;
}

export function shareRepeatedSubschemas(root: JsonSchema): JsonSchema {
  const summaries = new Map<JsonSchema, Summary>();
  const occurrences = new Map<string, number>();
  summarize(root, summaries, occurrences);

  const definitions: Record<string, JsonSchema> = {};
  const isShared = (summary: Summary): boolean =>
    summary.nodes >= MIN_SHARED_NODES && (occurrences.get(summary.signature) ?? 0) > 1;

  const rebuild = (node: JsonSchema, isRoot: boolean): JsonSchema => {
    const summary = summaries.get(node);
    if (!isRoot && summary !== undefined && isShared(summary)) {
      const name = `${DEFINITION_PREFIX}${summary.signature}`;
      if (definitions[name] === undefined) {
        definitions[name] = {}; // reserve the name before recursing
        definitions[name] = rebuildChildren(node);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return rebuildChildren(node);
  };

  const rebuildChildren = (node: JsonSchema): JsonSchema => {
    const copy: JsonSchema = { ...node };
    for (const keyword of CHILD_MAP_KEYWORDS) {
      const map = node[keyword];
      if (!isRecord(map)) continue;
      const rebuilt: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(map)) rebuilt[key] = isRecord(child) ? rebuild(child, false) : child;
      copy[keyword] = rebuilt;
    }
    for (const keyword of CHILD_KEYWORDS) {
      const child = node[keyword];
      if (isRecord(child)) copy[keyword] = rebuild(child, false);
    }
    return copy;
  };

  const result = rebuild(root, true);
  if (Object.keys(definitions).length === 0) return result;
  const existing = isRecord(result.definitions) ? result.definitions : {};
  return { ...result, definitions: { ...existing, ...definitions } };
}

/**
 * Bottom-up structural hash of every subtree reachable through properties/items/
 * additionalProperties. anyOf/oneOf/allOf/not branches are hashed as part of their parent but
 * never shared themselves: error reporting relies on their errors sitting under the parent's
 * schema path.
 */
function summarize(node: JsonSchema, summaries: Map<JsonSchema, Summary>, occurrences: Map<string, number>): Summary {
  const shallow: Record<string, unknown> = { ...node };
  let nodes = 1;
  for (const keyword of CHILD_MAP_KEYWORDS) {
    const map = node[keyword];
    if (!isRecord(map)) continue;
    const signatures: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(map)) {
      if (!isRecord(child)) {
        signatures[key] = child;
        continue;
      }
      const summary = summarize(child, summaries, occurrences);
      signatures[key] = summary.signature;
      nodes += summary.nodes;
    }
    shallow[keyword] = signatures;
  }
  for (const keyword of CHILD_KEYWORDS) {
    const child = node[keyword];
    if (!isRecord(child)) continue;
    const summary = summarize(child, summaries, occurrences);
    shallow[keyword] = summary.signature;
    nodes += summary.nodes;
  }
  const signature = createHash('sha1').update(JSON.stringify(shallow)).digest('hex');
  const summary = { signature, nodes };
  summaries.set(node, summary);
  occurrences.set(signature, (occurrences.get(signature) ?? 0) + 1);
  return summary;
}
