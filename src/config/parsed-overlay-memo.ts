import type { z } from 'zod';
import type { ParsedOverlay } from './cluster-overlays';

/**
 * Overlay files this process has parsed and validated without problems, by schema, file and
 * exact text: a promotion loads the overlays to plan the change, and again after editing one
 * file (src/render/render-app-change.ts), where every other file is the same text. Parsing an
 * apps.yaml or images.yaml of 1000 apps with line numbers costs ~0.1 s, so the second load
 * re-parses only the edited file. The key is the whole text, so a changed file is never served
 * from here; files with problems are not kept (their problems are reported on every load).
 */
const MAX_ENTRIES = 32;

const entries = new Map<string, { readonly schema: z.ZodType; readonly parsed: ParsedOverlay<unknown> }>();

export function rememberedOverlay<T>(schema: z.ZodType<T>, file: string, text: string): ParsedOverlay<T> | undefined {
  const key = keyOf(file, text);
  const entry = entries.get(key);
  if (entry === undefined || entry.schema !== schema) return undefined;
  // Most recently used last, so the oldest entry is the one dropped.
  entries.delete(key);
  entries.set(key, entry);
  return entry.parsed as ParsedOverlay<T>;
}

export function rememberOverlay<T>(file: string, text: string, parsed: ParsedOverlay<T>): void {
  const key = keyOf(file, text);
  entries.delete(key);
  entries.set(key, { schema: parsed.schema, parsed });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

function keyOf(file: string, text: string): string {
  return `${file}\0${text}`;
}
