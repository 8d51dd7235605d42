import { COLLECTION_STYLE, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type MappingEvent, type ScalarEvent, type SequenceEvent } from 'js-yaml';
import { isScalar, parseDocument, type DocumentOptions, type ParseOptions, type ScalarTag } from 'yaml';
import type { YamlString } from './yaml-source';

/**
 * Options of the yaml package's Document parse (src/config/yaml-source.ts); shared so that the
 * fast path resolves scalars with the very schema and options that parse would use.
 */
export const DOCUMENT_OPTIONS: ParseOptions & DocumentOptions = { uniqueKeys: true, prettyErrors: false };

/** Where the caller finds a string's line: its path (a key's ends with the key) and whether it is a key. */
export type LineOfString = (path: readonly (string | number)[], isKey: boolean) => number;

/**
 * One string scalar of the text (a value or a mapping key), in document order. Its path and line
 * are worked out when read: the checks read them only for a string with a problem.
 */
class PlainString implements YamlString {
  constructor(
    readonly value: string,
    readonly isKey: boolean,
    readonly isBlock: boolean,
    private readonly frame: Frame | undefined,
    private readonly segment: string | number | undefined,
    private readonly lineOf: LineOfString,
  ) {}

  /** Path of the value, or of the mapping the key belongs to followed by the key. */
  get path(): (string | number)[] {
    const path: (string | number)[] = this.segment === undefined ? [] : [this.segment];
    for (let at = this.frame; at?.segment !== undefined; at = at.parent) path.unshift(at.segment);
    return path;
  }

  get line(): number {
    return this.lineOf(this.path, this.isKey);
  }
}

export interface PlainYaml {
  readonly data: unknown;
  readonly strings: readonly YamlString[];
}

/** Why the fast path left a text to the yaml package (tests check each reason). */
export interface Declined {
  readonly declined: string;
}

/**
 * Reads YAML text with js-yaml's event parser (several times faster than the yaml package's
 * Document API, and it keeps no object per node), but only text in the plain subset where the
 * result provably equals what the yaml package's Document path (src/config/yaml-source.ts) gives:
 * the same data (values, types, key order) and the same strings, keys and lines. Anything else
 * is declined, and the caller parses it with the yaml package, which reports problems with lines.
 *
 * Declined, each because the two parsers differ there or the yaml path checks more
 * (docs/decisions/overlay-parsing.md has the evidence):
 * - what js-yaml refuses (syntax errors, nesting over 100 levels), no document or more than one;
 * - directives and document end markers (`%YAML 1.1` switches the yaml package to YAML 1.1,
 *   where `yes` is true and `<<` merges; `...` then `---` are two documents to it, one to js-yaml);
 * - tags, anchors and aliases (the yaml path refuses most tags, aliases as keys and alias bombs);
 * - a key that is a collection or null (the yaml package makes a null key '', js-yaml 'null');
 * - two keys of one mapping that are equal once stringified (a duplicate key to the yaml package,
 *   or, for `1` and `"1"`, two keys of which the last wins);
 * - a flow collection (`[a, b]`, `{a: 1}`) over more than one line (the yaml package warns when
 *   the closing bracket is not indented past the parent);
 * - a block scalar with an indentation indicator (`|2`: the two count it from different columns
 *   at the document's top);
 * - a tab, a carriage return without a line feed, a byte order mark (the yaml package refuses a
 *   block sequence after one), a line over 1024 characters (an implicit key's `:` must follow
 *   within 1024 characters).
 */
export function readPlainYaml(text: string, lineOf: LineOfString): PlainYaml | Declined {
  const unusual = unusualText(text);
  if (unusual !== undefined) return { declined: unusual };
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (error) {
    return { declined: `js-yaml refuses it (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})` };
  }
  return new PlainReader(text, events, lineOf).read();
}

const MAX_LINE = 1024;

/** What in the text's characters and lines alone takes it out of the plain subset. */
function unusualText(text: string): string | undefined {
  if (text.includes('\t')) return 'a tab';
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return 'a carriage return without a line feed';
  if (text.includes('\ufeff')) return 'a byte order mark';
  if (/^%/m.test(text)) return 'a directive';
  if (/^\.\.\.(?:\s|$)/m.test(text)) return 'a document end marker';
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start > MAX_LINE) return `a line over ${MAX_LINE} characters`;
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

/** The core-schema tags the yaml package tests plain scalars against, in its order, and its options. */
const CORE = (() => {
  const doc = parseDocument('', DOCUMENT_OPTIONS);
  return { tags: doc.schema.tags.filter((tag): tag is ScalarTag => tag.default === true && 'test' in tag && tag.test instanceof RegExp), options: doc.options };
})();

/** Thrown inside the reader to decline the text, with the reason; never leaves this module. */
class Decline extends Error {}

/** An open mapping or sequence, with the path segment that leads to it from its parent. */
interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  readonly parent: Frame | undefined;
  readonly segment: string | number | undefined;
  /** Mappings: the key read and waiting for its value. */
  key: string | undefined;
}

class PlainReader {
  private readonly strings: YamlString[] = [];
  private readonly frames: Frame[] = [];
  private root: unknown = null;
  private documents = 0;
  /** The outermost open flow collection: where it starts, its depth, and its last token. */
  private flowDepth = 0;
  private flowStart = 0;
  private lastTokenEnd = 0;
  private depthAtLastToken = 0;

  constructor(
    private readonly text: string,
    private readonly events: readonly Event[],
    private readonly lineOf: LineOfString,
  ) {}

  read(): PlainYaml | Declined {
    try {
      for (const event of this.events) this.take(event);
    } catch (error) {
      if (error instanceof Decline) return { declined: error.message };
      throw error;
    }
    if (this.documents === 0) return { declined: 'no document' };
    return { data: this.root, strings: this.strings };
  }

  private take(event: Event): void {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        this.documents++;
        if (this.documents > 1) throw new Decline('more than one document');
        if (event.directives.length > 0) throw new Decline('a directive');
        return;
      case EVENT_ID.ALIAS:
        throw new Decline('an alias');
      case EVENT_ID.SCALAR:
        this.scalar(event);
        return;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        propertiesAbsent(event);
        if (event.style === COLLECTION_STYLE.FLOW) this.openFlow(event.start);
        const value = event.type === EVENT_ID.MAPPING ? {} : [];
        const segment = this.place(value);
        this.frames.push({ value, parent: this.frames.at(-1), segment, key: undefined });
        return;
      }
      case EVENT_ID.POP: {
        const frame = this.frames.pop();
        // The document's own POP: no frame open.
        if (frame === undefined) return;
        if (frame.key !== undefined) throw new Decline('a key without a value');
        if (this.flowDepth > 0) this.closeFlow();
        return;
      }
    }
  }

  private scalar(event: ScalarEvent): void {
    propertiesAbsent(event);
    const source = getScalarValue(this.text, event);
    if (this.flowDepth > 0 && event.valueStart !== -1) this.token(event.valueEnd);
    const value = event.style === SCALAR_STYLE.PLAIN ? resolvePlain(source) : source;
    const isBlock = event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK;
    if (isBlock && !autoIndented(this.text, event.valueStart)) throw new Decline('a block scalar with an indentation indicator');
    const frame = this.frames.at(-1);
    if (frame !== undefined && !Array.isArray(frame.value) && frame.key === undefined) {
      // A mapping key, stringified as the yaml package's toJS does (String(value)).
      if (value === null) throw new Decline('a null key');
      const key = String(value);
      if (Object.hasOwn(frame.value, key)) throw new Decline(`the key ${JSON.stringify(key)} twice in one mapping`);
      frame.key = key;
      if (typeof value === 'string') this.addString(value, true, isBlock, frame, key);
      return;
    }
    const segment = this.place(value);
    if (typeof value === 'string') this.addString(value, false, isBlock, frame, segment);
  }

  /** Puts a value into the open collection (or makes it the document); returns its path segment. */
  private place(value: unknown): string | number | undefined {
    const frame = this.frames.at(-1);
    if (frame === undefined) {
      this.root = value;
      return undefined;
    }
    if (Array.isArray(frame.value)) {
      frame.value.push(value);
      return frame.value.length - 1;
    }
    const key = frame.key;
    if (key === undefined) throw new Decline('a collection as a key');
    frame.key = undefined;
    // As the yaml package's toJS: a key an object inherits (__proto__, toString) becomes an own property.
    if (key in frame.value) Object.defineProperty(frame.value, key, { value, writable: true, enumerable: true, configurable: true });
    else frame.value[key] = value;
    return key;
  }

  private addString(value: string, isKey: boolean, isBlock: boolean, frame: Frame | undefined, segment: string | number | undefined): void {
    this.strings.push(new PlainString(value, isKey, isBlock, frame, segment, this.lineOf));
  }

  private openFlow(start: number): void {
    if (this.flowDepth === 0) this.flowStart = start;
    this.flowDepth++;
    this.token(start + 1);
  }

  private token(end: number): void {
    this.lastTokenEnd = end;
    this.depthAtLastToken = this.flowDepth;
  }

  /**
   * When the outermost flow collection closes: no line break from its opening bracket to its last
   * token, and after that token, on the same line, a closing bracket for every collection still
   * open there (nothing else can follow an outermost flow collection on its line but a comment).
   */
  private closeFlow(): void {
    this.flowDepth--;
    if (this.flowDepth > 0) return;
    const text = this.text;
    const head = text.slice(this.flowStart, this.lastTokenEnd);
    if (head.includes('\n') || head.includes('\r')) throw new Decline(FLOW_LINES);
    let closers = 0;
    for (let index = this.lastTokenEnd; closers < this.depthAtLastToken; index++) {
      const char = text[index];
      if (char === undefined || char === '\n' || char === '\r' || char === '#') throw new Decline(FLOW_LINES);
      if (char === ']' || char === '}') closers++;
    }
  }
}

const FLOW_LINES = 'a flow collection over more than one line';

/** Tags (`!!str`) and anchors (`&name`) are the yaml path's to check. */
function propertiesAbsent(event: ScalarEvent | MappingEvent | SequenceEvent): void {
  if (event.tagStart !== -1) throw new Decline('a tag');
  if (event.anchorStart !== -1) throw new Decline('an anchor');
}

/**
 * Whether the header of the block scalar whose content starts at `contentStart` has no
 * indentation indicator (`|2`, `>-1`): the two parsers count an indicator from different
 * columns for a scalar at the document's top. The header is the line before the content (or the
 * content's line when the text ends there); anything unexpected there counts as an indicator.
 */
function autoIndented(text: string, contentStart: number): boolean {
  if (contentStart < 0) return false;
  const end = text[contentStart - 1] === '\n' ? contentStart - 1 : contentStart;
  const line = text.slice(text.lastIndexOf('\n', end - 1) + 1, end);
  return /[|>]/.test(line) && !/[|>][-+]?[0-9]/.test(line);
}

/** A plain scalar's value as the yaml package resolves it with the YAML 1.2 core schema (compose-scalar.js). */
function resolvePlain(source: string): unknown {
  const tag = CORE.tags.find((candidate) => candidate.test!.test(source));
  if (tag === undefined) return source;
  let failed = false;
  const resolved = tag.resolve(source, () => (failed = true), CORE.options);
  if (failed) throw new Decline(`a scalar the core schema cannot resolve: ${source}`);
  const value = isScalar(resolved) ? resolved.value : resolved;
  // Document#toJS turns big integers into numbers (only with intAsBigInt are there any).
  return typeof value === 'bigint' ? Number(value) : value;
}
