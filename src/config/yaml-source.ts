import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import type { ConfigProblem } from './config-error';
import { DOCUMENT_OPTIONS, readPlainYaml, type PlainYaml } from './plain-yaml';

/**
 * How many nodes aliases may expand to in one file. Overlays reuse a block now and then
 * (`resources: *small`); a "billion laughs" file multiplies aliases of aliases until the
 * process runs out of memory. The yaml package counts and stops there (ReferenceError).
 */
export const MAX_ALIAS_EXPANSIONS = 100;

/** Tags a plain overlay may spell out; anything else (!!binary, !!set, custom tags) is refused. */
const PLAIN_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/** One string of the file (a value or a mapping key) and where it is. */
export interface YamlString {
  readonly value: string;
  readonly line: number;
  /** Path of the value, or of the mapping the key belongs to followed by the key. */
  readonly path: readonly (string | number)[];
  readonly isKey: boolean;
  /** A literal or folded block scalar (`|`, `>`): the one place line breaks are meant. */
  readonly isBlock: boolean;
}

/** How to read the text; tests use it to compare the two paths. */
export interface YamlSourceOptions {
  /** Skip the fast path (src/config/plain-yaml.ts) and parse with the yaml package's Document API. */
  readonly documentOnly?: boolean;
}

/**
 * A parsed overlay file that can answer "which line holds this field?", so that every
 * validation problem points at the exact line a person has to edit. Every YAML problem
 * (syntax, duplicate keys, aliases, tags) becomes a ConfigProblem with its line; nothing throws.
 *
 * Text in the plain subset of YAML (nearly every overlay) is read by the fast path, which gives
 * exactly the data the yaml package would; the yaml package's Document (line numbers, its checks)
 * is then parsed only if a line is asked for, which happens only for a problem. Any other text
 * is parsed as a Document right away (docs/decisions/overlay-parsing.md).
 */
export class YamlSource {
  readonly data: unknown;
  readonly problems: ConfigProblem[] = [];
  private readonly plain: PlainYaml | undefined;
  private parsed: { readonly doc: Document.Parsed; readonly lines: LineCounter } | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    options: YamlSourceOptions = {},
  ) {
    const plain = options.documentOnly ? undefined : readPlainYaml(text, (path, isKey) => this.lineOfString(path, isKey));
    this.plain = plain !== undefined && 'data' in plain ? plain : undefined;
    if (this.plain !== undefined) {
      this.data = this.plain.data;
      return;
    }
    const doc = this.document;
    for (const error of doc.errors) {
      const duplicate = error.code === 'DUPLICATE_KEY';
      this.problem(error.pos[0], duplicate ? 'duplicate key' : `invalid YAML (${firstLine(error.message)})`, duplicate ? 'each key once per mapping' : undefined);
    }
    // Warnings are things the parser guessed at (an unknown tag read as a string): refuse them too.
    for (const warning of doc.warnings) this.problem(warning.pos[0], `invalid YAML (${firstLine(warning.message)})`);
    if (this.problems.length === 0) this.checkNodes();
    this.data = this.problems.length === 0 ? this.toJS() : undefined;
  }

  /** Whether the yaml package's Document has been parsed (tests: an accepted plain file never needs it). */
  get documentParsed(): boolean {
    return this.parsed !== undefined;
  }

  /**
   * Every string of the document, keys included, with its line and path. Line and path are
   * worked out when read: the checks read them only for a string with a problem, and computing
   * them for all ~9,000 strings of an images.yaml of 1000 apps was a fifth of loading it.
   */
  strings(): YamlString[] {
    if (this.plain !== undefined) return [...this.plain.strings];
    const found: YamlString[] = [];
    const lineOf = (offset: number) => this.lineOf(offset);
    visit(this.document, {
      Scalar: (key, node, ancestors) => {
        if (typeof node.value !== 'string') return;
        found.push({
          value: node.value,
          get line() {
            return node.range ? lineOf(node.range[0]) : 1;
          },
          get path() {
            return pathOf(ancestors, node);
          },
          isKey: key === 'key',
          isBlock: node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED,
        });
      },
    });
    return found;
  }

  /** Line of the value at `path`; falls back to the closest existing parent (e.g. for a missing key). */
  lineOfPath(path: readonly PropertyKey[]): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.document.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (node?.range) return this.lineOf(node.range[0]);
    }
    return 1;
  }

  /** Line of the key `key` inside the mapping at `path` (for unknown-key problems). */
  lineOfKey(path: readonly PropertyKey[], key: string): number {
    const doc = this.document;
    const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
    if (isMap(map)) {
      const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return this.lineOf(pair.key.range[0]);
    }
    return this.lineOfPath(path);
  }

  /** Aliases that point nowhere or serve as keys, and explicit tags beyond the plain ones. */
  private checkNodes(): void {
    visit(this.document, {
      Pair: (_key, pair) => {
        if (isAlias(pair.key) && pair.key.range) this.problem(pair.key.range[0], `alias *${pair.key.source} used as a mapping key`, 'a plain key (an aliased key can repeat another key unnoticed)');
      },
      Alias: (_key, alias) => {
        if (alias.resolve(this.document) === undefined) this.problem(alias.range?.[0] ?? 0, `alias *${alias.source} refers to no anchor`, `an anchor &${alias.source} defined above it`);
      },
      Node: (_key, node) => {
        if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag) && node.range) this.problem(node.range[0], `explicit tag ${node.tag} is not supported`, 'plain strings, numbers, booleans, lists and mappings');
      },
    });
  }

  private toJS(): unknown {
    try {
      return this.document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
    } catch (error) {
      // The yaml package throws ReferenceError when aliases expand past maxAliasCount.
      const firstAlias = this.firstAliasOffset();
      this.problem(firstAlias, `aliases expand too far (${error instanceof Error ? firstLine(error.message) : String(error)})`, `aliases expanding to at most ${MAX_ALIAS_EXPANSIONS} nodes`);
      return undefined;
    }
  }

  private firstAliasOffset(): number {
    let offset = 0;
    visit(this.document, {
      Alias: (_key, alias) => {
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    return offset;
  }

  private problem(offset: number, problem: string, expected?: string): void {
    this.problems.push({ file: this.file, line: this.lineOf(offset), field: '(yaml)', problem, ...(expected === undefined ? {} : { expected }) });
  }

  private lineOf(offset: number): number {
    return this.parse().lines.linePos(offset).line;
  }

  private get document(): Document.Parsed {
    return this.parse().doc;
  }

  /** The yaml package's Document with line numbers, parsed once, when first needed. */
  private parse(): { readonly doc: Document.Parsed; readonly lines: LineCounter } {
    if (this.parsed === undefined) {
      const lines = new LineCounter();
      // uniqueKeys (the default) turns duplicate keys into errors instead of last-one-wins.
      this.parsed = { doc: parseDocument(this.text, { ...DOCUMENT_OPTIONS, lineCounter: lines }), lines };
    }
    return this.parsed;
  }

  /**
   * Line of the string at `path` (a key: the last segment is the key itself). Walks the Document
   * matching keys as the data has them (String(value)), so that a string below a key such as
   * `8080:` gets its own line as on the Document path, where lineOfPath would find no such key.
   */
  private lineOfString(path: readonly (string | number)[], isKey: boolean): number {
    let node: unknown = this.document.contents;
    for (const [index, segment] of path.entries()) {
      if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        continue;
      }
      const pair = isMap(node) ? node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment)) : undefined;
      if (pair === undefined) return this.lineOfPath(path);
      node = isKey && index === path.length - 1 ? pair.key : pair.value;
    }
    return isNode(node) && node.range ? this.lineOf(node.range[0]) : this.lineOfPath(path);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** The field path of a scalar from the ancestors `visit` hands over (Pair keys, sequence indexes). */
function pathOf(ancestors: readonly unknown[], node: Scalar): (string | number)[] {
  const path: (string | number)[] = [];
  for (const [index, ancestor] of ancestors.entries()) {
    if (isPair(ancestor)) path.push(isScalar(ancestor.key) ? String(ancestor.key.value) : '?');
    else if (isSeq(ancestor)) path.push(ancestor.items.indexOf((ancestors[index + 1] ?? node) as never));
  }
  return path;
}
