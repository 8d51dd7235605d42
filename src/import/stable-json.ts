/**
 * JSON text that depends only on the value: object keys sorted (by UTF-16 code unit, independent
 * of locale), one value per line so a version bump diffs keyword by keyword, and a final newline.
 * Indented by one space, not two: the deepest CRD schemas nest ~40 levels, and two spaces made the
 * generated schemas ~50% larger for no gain in readability.
 * Numbers JSON cannot represent (Infinity, NaN) are refused instead of silently becoming null.
 */
export function stableJson(value: unknown, what: string): string {
  return `${JSON.stringify(sortKeys(value, what, ''), null, 1)}\n`;
}

function sortKeys(value: unknown, what: string, at: string): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${what}: ${at || '/'}: ${value} has no JSON representation`);
  if (Array.isArray(value)) return value.map((item, index) => sortKeys(item, what, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key], what, `${at}/${key}`);
  return sorted;
}
