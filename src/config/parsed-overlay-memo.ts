import type { z } from 'zod';
import type { ParsedOverlay } from './cluster-overlays';
import { YamlSource } from './yaml-source';

/**
 * Overlay files this process has parsed and validated without problems, by schema, file and
 * exact text: a promotion loads the overlays to plan the change, and again after editing one
 * file (src/render/render-app-change.ts), where every other file is the same text. Parsing,
 * checking the strings of and validating an apps.yaml or images.yaml of 1000 apps costs ~0.1 s
 * the first time in a process and 5-10 ms after, so the second load does it only for the edited
 * file. The key is the whole text, so a changed file is never served from here; files with
 * problems are not kept (their problems are reported on every load).
 *
 * Only the values are kept, not the parsed text: a remembered file is parsed again (and its
 * yaml Document with line numbers built) only if a problem found later needs its line numbers.
 */
const MAX_ENTRIES = 32;

interface Entry {
  readonly schema: z.ZodType;
  readonly value: unknown;
  readonly data: unknown;
}

const entries = new Map<string, Entry>();

export function rememberedOverlay<T>(schema: z.ZodType<T>, file: string, text: string): ParsedOverlay<T> | undefined {
  const key = keyOf(file, text);
  const entry = entries.get(key);
  if (entry === undefined || entry.schema !== schema) return undefined;
  // Most recently used last, so the oldest entry is the one dropped.
  entries.delete(key);
  entries.set(key, entry);
  let source: YamlSource | undefined;
  return {
    value: entry.value as T,
    data: entry.data,
    schema,
    get source() {
      source ??= new YamlSource(file, text);
      return source;
    },
  };
}

export function rememberOverlay<T>(file: string, text: string, parsed: ParsedOverlay<T>): void {
  const key = keyOf(file, text);
  entries.delete(key);
  entries.set(key, { schema: parsed.schema, value: parsed.value, data: parsed.data });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

function keyOf(file: string, text: string): string {
  return `${file}\0${text}`;
}
