import { isScalar, parseDocument, Scalar } from 'yaml';
import type { ImageRef } from '../../config/overlay-schemas';
import { Refusal } from './command';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Returns `text` (an overlays/<env>/images.yaml) with images.<app>.repository and .digest set.
 *
 * The yaml Document API finds the two scalars and their exact source ranges; only those
 * characters are replaced (keeping the value's quoting style). Every other byte — comments, key
 * order, indentation, blank lines — stays as it was, so a promotion's diff is the one or two
 * lines it changes and promotions of different apps never touch the same lines (no merge
 * conflicts). Re-serializing the whole document could restyle lines nobody meant to change.
 */
export function withImage(text: string, file: string, app: string, image: ImageRef): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Refusal(`${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const edits: Edit[] = [];
  for (const key of ['repository', 'digest'] as const) {
    const node = doc.getIn(['images', app, key], true);
    if (!isScalar(node) || node.range === undefined || node.range === null) {
      throw new Refusal(`${file} has no scalar images.${app}.${key}; add the app's entry (repository and digest) first`);
    }
    if (node.value === image[key]) continue;
    edits.push({ start: node.range[0], end: node.range[1], text: scalarSource(image[key], node, file, `images.${app}.${key}`) });
  }
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);

  // The edit is textual; prove it meant what we wanted before anyone writes it.
  const check = parseDocument(result);
  if (check.errors.length > 0 || check.getIn(['images', app, 'repository']) !== image.repository || check.getIn(['images', app, 'digest']) !== image.digest) {
    throw new Error(`${file}: editing images.${app} produced unexpected YAML; the file was not changed`);
  }
  return result;
}

/** Reads images.<app> from an images.yaml text (undefined when absent). */
export function imageIn(text: string, app: string): ImageRef | undefined {
  const doc = parseDocument(text);
  const repository = doc.getIn(['images', app, 'repository']);
  const digest = doc.getIn(['images', app, 'digest']);
  return typeof repository === 'string' && typeof digest === 'string' ? { repository, digest } : undefined;
}

/** The new value written in the style of the old one ("double", 'single' or plain). */
function scalarSource(value: string, node: Scalar, file: string, field: string): string {
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
