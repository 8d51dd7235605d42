import { type Document, isScalar, parseDocument, Scalar } from 'yaml';
import type { ImageRef } from '../../config/overlay-schemas';
import { breakGlassComment, breakGlassReasonIn, mayHoldBreakGlassMark } from './break-glass';
import { Refusal } from './command';

/** Replace text[start, end) with `text`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Returns `text` (an overlays/<env>/images.yaml) with images.<app>.repository and .digest set,
 * and the digest line's break-glass mark set to `breakGlass` (a reason) or removed (undefined).
 *
 * The yaml Document API finds the two scalars and their exact source ranges; only those
 * characters are replaced (keeping the value's quoting style), plus the comment after the digest
 * when the mark changes. Every other byte — comments, key order, indentation, blank lines — stays
 * as it was, so a promotion's diff is the one or two lines it changes and promotions of different
 * apps never touch the same lines (no merge conflicts). Re-serializing the whole document could
 * restyle lines nobody meant to change.
 */
export function withImage(text: string, file: string, app: string, image: ImageRef, breakGlass: string | undefined): string {
  return withImageParsed(parseText(text), file, app, image, breakGlass).text;
}

/**
 * withImage over a text parsed already, returning the new text parsed too (the document that
 * proved the edit): a promotion reads images.yaml before editing it and reads the result again
 * to prove the whole change, and an images.yaml of 1000 apps costs ~0.1 s per parse.
 */
export function withImageParsed(source: ParsedText, file: string, app: string, image: ImageRef, breakGlass: string | undefined): ParsedText {
  const { text, document: doc } = source;
  if (doc.errors.length > 0) throw new Refusal(`${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const edits: Edit[] = [];
  for (const key of ['repository', 'digest'] as const) {
    const node = imageScalar(doc, file, app, key);
    if (node.value === image[key]) continue;
    edits.push({ start: node.range![0], end: node.range![1], text: scalarSource(image[key], node, file, `images.${app}.${key}`) });
  }
  const tail = digestLineTail(text, imageScalar(doc, file, app, 'digest'));
  if (tail.breakGlass !== breakGlass) {
    if (!tail.editable) {
      throw new Refusal(`${file}: images.${app}.digest does not end its line, so it cannot carry a break-glass comment; write images.${app} as a block mapping (repository and digest on lines of their own)`);
    }
    // A break-glass mark replaces the line's comment: a remark about the previous digest would be wrong for the new one.
    edits.push({ start: tail.start, end: tail.end, text: breakGlass === undefined ? '' : `  # ${breakGlassComment(breakGlass)}` });
  }
  if (edits.length === 0) return source;
  const result = parseText(applyEdits(text, edits));

  // The edit is textual; prove it meant what we wanted before anyone writes it.
  const check = result.document;
  if (check.errors.length > 0 || check.getIn(['images', app, 'repository']) !== image.repository || check.getIn(['images', app, 'digest']) !== image.digest || breakGlassIn(result, app) !== breakGlass) {
    throw new Error(`${file}: editing images.${app} produced unexpected YAML; the file was not changed`);
  }
  return result;
}

/** An overlay file's text with its parsed document: parsed once when many apps are read from it. */
export interface ParsedText {
  readonly text: string;
  readonly document: Document;
}

export function parseText(text: string): ParsedText {
  return { text, document: parseDocument(text) };
}

/** The break-glass reason recorded on images.<app>.digest's line (undefined when it has none). */
export function breakGlassIn(source: string | ParsedText, app: string): string | undefined {
  if (typeof source === 'string' && !mayHoldBreakGlassMark(source)) return undefined;
  const { text, document } = typeof source === 'string' ? parseText(source) : source;
  const node = document.getIn(['images', app, 'digest'], true);
  if (!isScalar(node) || !node.range) return undefined;
  return digestLineTail(text, node).breakGlass;
}

/** Reads images.<app> from an images.yaml text (undefined when absent). */
export function imageIn(source: string | ParsedText, app: string): ImageRef | undefined {
  const doc = typeof source === 'string' ? parseDocument(source) : source.document;
  const repository = doc.getIn(['images', app, 'repository']);
  const digest = doc.getIn(['images', app, 'digest']);
  return typeof repository === 'string' && typeof digest === 'string' ? { repository, digest } : undefined;
}

/** `text` with non-overlapping edits applied (from the end, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The new value written in the style of the old one ("double", 'single' or plain). */
export function scalarSource(value: string, node: Scalar, file: string, field: string): string {
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return JSON.stringify(value);
    case Scalar.QUOTE_SINGLE:
      return `'${value.replaceAll("'", "''")}'`;
    case Scalar.PLAIN:
    case undefined:
      return value;
    default:
      throw new Refusal(`${file}: ${field} is a block scalar; write it as a plain value`);
  }
}

function imageScalar(doc: Document, file: string, app: string, key: 'repository' | 'digest'): Scalar {
  const node = doc.getIn(['images', app, key], true);
  if (!isScalar(node) || node.range === undefined || node.range === null) {
    throw new Refusal(`${file} has no scalar images.${app}.${key}; add the app's entry (repository and digest) first`);
  }
  return node;
}

export interface LineTail {
  /** From the end of the digest value to the end of its line. */
  readonly start: number;
  readonly end: number;
  /** Only spaces and a comment follow the value (not so in a one-line flow mapping). */
  readonly editable: boolean;
  readonly breakGlass: string | undefined;
}

/**
 * What follows the digest on its line. The mark is read from this text, the same characters an
 * edit replaces, so reading and writing cannot disagree about which comment is the mark (a
 * comment on a line of its own never is).
 */
export function digestLineTail(text: string, node: Scalar): LineTail {
  const start = node.range![1];
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  const tail = /^([ \t]*)(?:#(.*))?$/.exec(text.slice(start, end).replace(/\r$/, ''));
  const comment = tail?.[2];
  return {
    start,
    end: tail ? start + tail[0].length : end,
    editable: tail !== null,
    breakGlass: comment !== undefined && tail![1]!.length > 0 ? breakGlassReasonIn(comment) : undefined,
  };
}
