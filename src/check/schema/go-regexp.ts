import type { Options } from 'ajv';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;

// Kubernetes schemas carry Go (RE2) regular expressions, which JavaScript mostly but not fully
// understands: the AlertmanagerConfig CRD uses inline flags like `^((?i)january|...)`, which
// V8 rejects outright. This engine translates the RE2-only syntax before handing it to RegExp.

const INLINE_FLAGS = /\(\?([imsU]+)\)/g;
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export interface TranslatedPattern {
  readonly source: string;
  readonly flags: string;
}

/**
 * RE2 → JavaScript. Inline flags scoped to part of a pattern cannot be expressed in the
 * JavaScript of Node 20, so `(?i)` anywhere makes the whole pattern case-insensitive: slightly
 * more permissive than Go, never stricter, so no valid object is rejected because of it.
 */
export function translateGoPattern(pattern: string): TranslatedPattern {
  const flags = new Set<string>();
  let source = pattern.replace(INLINE_FLAGS, (_match, letters: string) => {
    for (const letter of letters) if (letter !== 'U') flags.add(letter);
    return '';
  });
  source = source
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (match, negated: string, name: string) => {
      const members = POSIX_CLASSES[name];
      // A negated POSIX class only appears alone in a bracket in practice: [[:^alpha:]].
      return members === undefined || negated !== '' ? match : members;
    })
    .replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
  return { source, flags: [...flags].sort().join('') };
}

/** The module name cached validators require this engine by. */
export const GO_REGEXP_MODULE = 'gitops-platform/go-regexp';

/** Ajv `code.regExp` engine: RE2 syntax translated, unicode mode when the pattern allows it. */
export const goRegExp: RegExpEngine = Object.assign(
  (pattern: string, u: string): RegExp => {
    const { source, flags } = translateGoPattern(pattern);
    try {
      return new RegExp(source, flags + u);
    } catch {
      // Non-unicode mode accepts escapes RE2 allows but unicode mode does not, like `\-` or `\_`.
      return new RegExp(source, flags);
    }
  },
  // How ajv's standalone code refers to this engine (resolved by validator-cache.ts).
  { code: `require(${JSON.stringify(GO_REGEXP_MODULE)}).goRegExp` },
);
