/**
 * What text an input may hold, and how a value is shown in an error message. Shared by the
 * overlay loader and the app definitions, so both refuse and print the same way.
 */

/**
 * Characters a reviewer cannot see in a diff or that change how the text around them is shown:
 * control characters, format characters (zero-width space and joiners, bidi overrides, the BOM,
 * tags), unassigned and private-use code points, lone surrogates, line and paragraph separators,
 * every space other than the ASCII one, and the blank "letters" (Hangul fillers) and variation
 * selectors. A value holding one looks right and is not what it seems: a URL whose host differs,
 * a name that never matches.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

export interface InvisibleCharacter {
  /** "U+200B". */
  readonly codePoint: string;
  /** Position in the value, counted in characters from 1. */
  readonly position: number;
}

/**
 * The first invisible or control character of `text`, or undefined. The ASCII space is always
 * allowed; a line feed only where the value may span lines (a PEM block in a YAML block scalar).
 */
export function invisibleCharacter(text: string, options: { readonly lineFeeds: boolean }): InvisibleCharacter | undefined {
  // Printable ASCII (space to tilde) holds none, and is nearly every string: skip the Unicode scan.
  if (!NOT_PRINTABLE_ASCII.test(text)) return undefined;
  for (const match of text.matchAll(INVISIBLE)) {
    const char = match[0];
    if (char === ' ' || (char === '\n' && options.lineFeeds)) continue;
    const position = [...text.slice(0, match.index)].length + 1;
    return { codePoint: codePointName(char), position };
  }
  return undefined;
}

export function describeInvisible(found: InvisibleCharacter): string {
  return `contains an invisible or control character (${found.codePoint} at character ${found.position})`;
}

function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Values longer than this are cut in messages: a message is read, not diffed. */
const SHOWN_CHARACTERS = 60;

/**
 * A string as it appears in a message: quoted, at most 60 characters followed by
 * "… (N chars)", with every invisible or control character written as \u{...} so the reader
 * sees it.
 */
export function showText(text: string): string {
  const characters = [...text];
  const shown = characters.length > SHOWN_CHARACTERS ? characters.slice(0, SHOWN_CHARACTERS).join('') : text;
  const quoted = JSON.stringify(shown).replace(INVISIBLE, (char) => (char === ' ' ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`));
  return characters.length > SHOWN_CHARACTERS ? `${quoted}… (${characters.length} chars)` : quoted;
}

/** Any input value in a message: strings via showText, containers by what they are. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return showText(value);
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'a mapping';
  if (typeof value === 'bigint') return `${value}`;
  return JSON.stringify(value) ?? String(value);
}
