import { readPlainYaml } from '../../src/config/plain-yaml';
import { YamlSource } from '../../src/config/yaml-source';

/**
 * Data as a string that tells apart everything the yaml package's toJS could give and JSON would
 * blur: key order, -0, NaN and the infinities, own `__proto__` keys, and only plain objects,
 * arrays, strings, numbers, booleans and null.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Object.is(value, -0) ? 'n:-0' : `n:${String(value)}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  throw new Error(`unexpected value in YAML data: ${String(value)} (${typeof value})`);
}

/** A string of a YamlSource with everything read (path, line), comparable with toEqual. */
function stringsOf(source: YamlSource) {
  return source.strings().map(({ value, isKey, isBlock, path, line }) => ({ value, isKey, isBlock, path, line }));
}

/**
 * Where the fast path and the yaml package's Document path disagree on `text`, in words, or
 * undefined: the fast path declined, or it gave the Document path's data (compared with
 * canonical()) and strings (values, keys, block or not, paths and lines), and the Document path
 * found no problem. A text the Document path refuses must be declined.
 */
export function disagreement(text: string): string | undefined {
  const document = new YamlSource('f.yaml', text, { documentOnly: true });
  if ('declined' in readPlainYaml(text, () => 0)) return undefined;
  if (document.problems.length > 0) return `fast path accepted text the yaml package refuses: ${document.problems.map((p) => `${p.line}: ${p.problem}`).join('; ')}`;
  const fast = new YamlSource('f.yaml', text);
  if (fast.documentParsed) return 'the fast path parsed the Document while reading';
  const [fastData, documentData] = [canonical(fast.data), canonical(document.data)];
  if (fastData !== documentData) return `data differs: fast ${fastData}, yaml ${documentData}`;
  const [fastStrings, documentStrings] = [JSON.stringify(stringsOf(fast)), JSON.stringify(stringsOf(document))];
  if (fastStrings !== documentStrings) return `strings differ: fast ${fastStrings}, yaml ${documentStrings}`;
  return undefined;
}
