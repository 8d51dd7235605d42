import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import type { ConfigProblem } from './config-error';

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

/**
 * A parsed overlay file that can answer "which line holds this field?", so that every
 * validation problem points at the exact line a person has to edit. Every YAML problem
 * (syntax, duplicate keys, aliases, tags) becomes a ConfigProblem with its line; nothing throws.
 */
export class YamlSource {
  readonly data: unknown;
  readonly problems: ConfigProblem[] = [];
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    text: string,
  ) {
    // uniqueKeys (the default) turns duplicate keys into errors instead of last-one-wins.
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const error of this.doc.errors) {
      const duplicate = error.code === 'DUPLICATE_KEY';
      this.problem(error.pos[0], duplicate ? 'duplicate key' : `invalid YAML (${firstLine(error.message)})`, duplicate ? 'each key once per mapping' : undefined);
    }
    // Warnings are things the parser guessed at (an unknown tag read as a string): refuse them too.
    for (const warning of this.doc.warnings) this.problem(warning.pos[0], `invalid YAML (${firstLine(warning.message)})`);
    if (this.problems.length === 0) this.checkNodes();
    this.data = this.problems.length === 0 ? this.toJS() : undefined;
  }

  /**
   * Every string of the document, keys included, with its line and path. Line and path are
   * worked out when read: the checks read them only for a string with a problem, and computing
   * them for all ~9,000 strings of an images.yaml of 1000 apps was a fifth of loading it.
   */
  strings(): YamlString[] {
    const found: YamlString[] = [];
    const lineOf = (offset: number) => this.lineOf(offset);
    visit(this.doc, {
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
      const node = this.doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (node?.range) return this.lineOf(node.range[0]);
    }
    return 1;
  }

  /** Line of the key `key` inside the mapping at `path` (for unknown-key problems). */
  lineOfKey(path: readonly PropertyKey[], key: string): number {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path as unknown[], true);
    if (isMap(map)) {
      const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return this.lineOf(pair.key.range[0]);
    }
    return this.lineOfPath(path);
  }

  /** Aliases that point nowhere or serve as keys, and explicit tags beyond the plain ones. */
  private checkNodes(): void {
    visit(this.doc, {
      Pair: (_key, pair) => {
        if (isAlias(pair.key) && pair.key.range) this.problem(pair.key.range[0], `alias *${pair.key.source} used as a mapping key`, 'a plain key (an aliased key can repeat another key unnoticed)');
      },
      Alias: (_key, alias) => {
        if (alias.resolve(this.doc) === undefined) this.problem(alias.range?.[0] ?? 0, `alias *${alias.source} refers to no anchor`, `an anchor &${alias.source} defined above it`);
      },
      Node: (_key, node) => {
        if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag) && node.range) this.problem(node.range[0], `explicit tag ${node.tag} is not supported`, 'plain strings, numbers, booleans, lists and mappings');
      },
    });
  }

  private toJS(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
    } catch (error) {
      // The yaml package throws ReferenceError when aliases expand past maxAliasCount.
      const firstAlias = this.firstAliasOffset();
      this.problem(firstAlias, `aliases expand too far (${error instanceof Error ? firstLine(error.message) : String(error)})`, `aliases expanding to at most ${MAX_ALIAS_EXPANSIONS} nodes`);
      return undefined;
    }
  }

  private firstAliasOffset(): number {
    let offset = 0;
    visit(this.doc, {
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
    return this.lines.linePos(offset).line;
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
