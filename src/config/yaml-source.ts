import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigProblem } from './config-error';

/**
 * A parsed overlay file that can answer "which line holds this field?", so that every
 * validation problem points at the exact line a person has to edit.
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
      this.problems.push({
        file,
        line: this.lineOf(error.pos[0]),
        field: '(yaml)',
        problem: error.code === 'DUPLICATE_KEY' ? 'duplicate key' : `invalid YAML (${error.message.split('\n')[0]})`,
        ...(error.code === 'DUPLICATE_KEY' ? { expected: 'each key once per mapping' } : {}),
      });
    }
    this.data = this.problems.length === 0 ? this.doc.toJS() : undefined;
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

  private lineOf(offset: number): number {
    return this.lines.linePos(offset).line;
  }
}
