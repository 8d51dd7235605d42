import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import type { ImageRef } from '../../config/overlay-schemas';
import { breakGlassComment } from './break-glass';
import { Refusal } from './command';
import { applyEdits, breakGlassIn, digestLineTail, scalarSource, type Edit, type ParsedText } from './images-file';

/**
 * A cluster overlay's `images.<app>` (overlays/<env>/clusters/<cluster>.yaml): the fields the
 * cluster states instead of the environment's images.yaml entry (JSON merge patch). A wave that
 * is ahead of the rest of its environment holds its digest here.
 */
export interface ImageOverride {
  readonly repository?: string;
  readonly digest?: string;
}

/** The cluster's override of `app`, or undefined when it states none. */
export function overrideIn(source: string | ParsedText, app: string): ImageOverride | undefined {
  const node = (typeof source === 'string' ? parseDocument(source) : source.document).getIn(['images', app]);
  return isMap(node) ? (node.toJSON() as ImageOverride) : undefined;
}

/**
 * Returns `text` with images.<app> stating what the cluster runs instead of the environment's
 * entry: `image` (the repository only where it differs from `environmentRepository`, or where the
 * override already names one) and the digest line's break-glass mark `breakGlass` (undefined:
 * none). Like images.yaml edits, existing values are spliced in place and missing lines are
 * inserted below their mapping, so comments, order and formatting of everything else stay.
 */
export function withOverride(text: string, file: string, app: string, image: ImageRef, breakGlass: string | undefined, environmentRepository: string): string {
  const doc = parse(text, file);
  const root = topMapping(doc, file);
  const images = root === undefined ? undefined : pairOf(root, 'images');
  const before = overrideIn(text, app);
  const withRepository = before?.repository !== undefined || image.repository !== environmentRepository;
  const mark = breakGlass === undefined ? '' : `  # ${breakGlassComment(breakGlass)}`;
  const fieldLines = (indent: string) => [...(withRepository ? [`${indent}repository: ${image.repository}`] : []), `${indent}digest: ${image.digest}${mark}`];
  const edits: Edit[] = [];

  if (images === undefined) {
    edits.push(insertLines(text, text.length, ['images:', `  ${app}:`, ...fieldLines('    ')]));
  } else {
    const appMap = blockMapping(images.value, file, 'images');
    const entry = pairOf(appMap, app);
    if (entry === undefined) {
      const indent = columnOf(text, appMap.items[0]!.key);
      const step = Math.max(indent - columnOf(text, images.key), 2);
      edits.push(insertLines(text, appMap.range![1], [`${' '.repeat(indent)}${app}:`, ...fieldLines(' '.repeat(indent + step))]));
    } else {
      if (!isMap(entry.value)) throw new Refusal(`${file}: images.${app} is not a mapping; write it as repository and digest lines below images.${app}`);
      const fields = entry.value;
      const missing: string[] = [];
      for (const key of ['repository', 'digest'] as const) {
        const node = fields.get(key, true);
        if (node === undefined) {
          if (key === 'digest' || withRepository) missing.push(key);
          continue;
        }
        if (!isScalar(node) || !node.range) throw new Refusal(`${file}: images.${app}.${key} is not a single value`);
        if (node.value !== image[key]) edits.push({ start: node.range[0], end: node.range[1], text: scalarSource(image[key], node, file, `images.${app}.${key}`) });
        if (key === 'digest') {
          const tail = digestLineTail(text, node);
          if (tail.breakGlass !== breakGlass) {
            if (!tail.editable) throw new Refusal(`${file}: images.${app}.digest does not end its line, so it cannot carry a break-glass comment; write images.${app} as a block mapping (repository and digest on lines of their own)`);
            edits.push({ start: tail.start, end: tail.end, text: mark });
          }
        }
      }
      if (missing.length > 0) {
        if (fields.flow || fields.items.length === 0) throw new Refusal(`${file}: images.${app} is written on one line; write it as a block mapping (repository and digest on lines of their own)`);
        const indent = ' '.repeat(columnOf(text, fields.items[0]!.key));
        edits.push(insertLines(text, fields.range![1], fieldLines(indent).filter((line) => missing.some((key) => line.trimStart().startsWith(`${key}:`)))));
      }
    }
  }
  const result = applyEdits(text, edits);
  const expected: ImageOverride = { ...before, digest: image.digest, ...(withRepository ? { repository: image.repository } : {}) };
  requireEdit(text, result, file, app, expected, breakGlass);
  return result;
}

/**
 * Returns `text` without images.<app> (and without `images:` when it was the only app), so the
 * cluster runs the environment's entry again. Comment lines above the entry stay.
 */
export function withoutOverride(text: string, file: string, app: string): string {
  const doc = parse(text, file);
  const root = topMapping(doc, file);
  const images = root === undefined ? undefined : pairOf(root, 'images');
  if (images === undefined) return text;
  const appMap = blockMapping(images.value, file, 'images');
  const entry = pairOf(appMap, app);
  if (entry === undefined) return text;
  const only = appMap.items.length === 1;
  const start = lineStartOf(text, only ? images.key : entry.key, file);
  const end = nextLineStart(text, only ? appMap.range![1] : (entry.value as { range?: [number, number, number] } | null)?.range?.[1] ?? entry.key.range[1]);
  const result = applyEdits(text, [{ start, end, text: '' }]);
  requireEdit(text, result, file, app, undefined, undefined);
  return result;
}

type Keyed = Pair<{ range?: [number, number, number] | null; value?: unknown }, unknown> & { key: { range: [number, number, number] } };

function parse(text: string, file: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Refusal(`${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc;
}

function topMapping(doc: Document, file: string): YAMLMap | undefined {
  if (doc.contents === null) return undefined;
  return blockMapping(doc.contents, file, '(file)');
}

function blockMapping(node: unknown, file: string, field: string): YAMLMap {
  if (!isMap(node) || node.flow || node.items.length === 0 || !node.range) {
    throw new Refusal(`${file}: ${field} is not a block mapping (one key per line), so an image cannot be set or removed there; write it as one`);
  }
  return node;
}

function pairOf(map: YAMLMap, key: string): Keyed | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Keyed | undefined;
}

function columnOf(text: string, key: unknown): number {
  const start = (key as { range: [number, number, number] }).range[0];
  return start - (text.lastIndexOf('\n', start - 1) + 1);
}

/** The start of the line `key` is on; only indentation may precede it (a block mapping). */
function lineStartOf(text: string, key: unknown, file: string): number {
  const position = (key as { range: [number, number, number] }).range[0];
  const start = text.lastIndexOf('\n', position - 1) + 1;
  if (text.slice(start, position).trim() !== '') throw new Refusal(`${file}: the entry to remove does not start its line; write images as a block mapping`);
  return start;
}

/** `position` if it starts a line, else the start of the next line (or the end of the text). */
function nextLineStart(text: string, position: number): number {
  if (position === 0 || text[position - 1] === '\n') return position;
  const newline = text.indexOf('\n', position);
  return newline === -1 ? text.length : newline + 1;
}

/** Inserts whole lines at the start of the line at or after `position`. */
function insertLines(text: string, position: number, lines: readonly string[]): Edit {
  const at = nextLineStart(text, position);
  const newline = at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, text: `${newline}${lines.join('\n')}\n` };
}

/**
 * The edit is textual; prove it did exactly what was meant before anyone writes it: the file's
 * values are the old ones with images.<app> replaced by `override` (or removed), and the mark is
 * the one wanted.
 */
function requireEdit(before: string, after: string, file: string, app: string, override: ImageOverride | undefined, breakGlass: string | undefined): void {
  const expected = structuredClone((parseDocument(before).toJS() ?? {}) as Record<string, unknown>);
  const images = { ...((expected['images'] as Record<string, unknown> | undefined) ?? {}) };
  if (override === undefined) delete images[app];
  else images[app] = override;
  if (Object.keys(images).length === 0) delete expected['images'];
  else expected['images'] = images;
  const check = parseDocument(after);
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS() ?? {}, expected) || (override !== undefined && breakGlassIn(after, app) !== breakGlass)) {
    throw new Error(`${file}: editing images.${app} produced unexpected YAML; the file was not changed`);
  }
}
