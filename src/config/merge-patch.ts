/**
 * JSON Merge Patch (RFC 7386), the rule a cluster overlay follows on top of its environment's
 * values: mappings merge key by key, `null` removes the inherited value, and anything else (a
 * string, a number, a list) replaces it whole. Lists are replaced rather than merged because no
 * merge of two lists is right for every field (egress rules, node selectors, registries); a
 * cluster that changes one entry restates the list. The same rule as `kubectl patch --type merge`.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMapping(patch)) return patch;
  const result: Record<string, unknown> = isMapping(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether the value at `path` comes from the patch: the patch sets that path, or replaces (or
 * removes) a value above it. Problems found in the merged values are reported in the file that
 * decided the value.
 */
export function patchDecides(patch: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = patch;
  for (const key of path) {
    if (!isMapping(node)) return false;
    if (!Object.hasOwn(node, key as string)) return false;
    node = node[key as string];
    if (!isMapping(node)) return true;
  }
  return true;
}
