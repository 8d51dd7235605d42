import fc from 'fast-check';

/**
 * YAML texts for comparing two YAML readers: random JSON-ish data written in varied styles
 * (block and flow collections; plain, quoted and block scalars; comments, document markers,
 * odd indentation), with scalars and keys chosen where YAML schemas and parsers disagree, and
 * random edits of real files. Many texts are invalid YAML on purpose.
 */

/** Scalars whose meaning differs between YAML 1.1, the 1.2 core schema and parsers. */
const TRICKY_SCALARS = [
  'yes', 'no', 'Yes', 'NO', 'on', 'off', 'y', 'n', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE',
  'null', 'Null', 'NULL', 'nULL', '~', '', ' ', '0777', '0o17', '0o', '0o8', '0x1F', '0X1F', '0xg', '0b101', '+1', '-1', '+0', '-0', '00', '1_000', '1,000',
  '1e3', '1E3', '1e+3', '-1e-3', '1.', '.5', '-.5', '+.5', '1.5e', '.e3', '1.0', '-0.0', '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.nan', '.NaN', '.NAN', '-.nan', 'nan', 'inf',
  '12345678901234567890', '9'.repeat(400), '1e400', '0x' + 'f'.repeat(300), '2024-01-01', '2024-01-01T10:00:00Z', '12:30:00', '1:20', '<<', '=', '!', '&', '*', '%', '@x', '`x', '|', '>', '-', '--', '---', '...', '?', '? x', ':', 'a:b', 'a: b', 'a #b', 'a#b', '#', '[', ']', '{', '}', ',',
  'a, b', "it's", '"q"', "'s'", '\\', '\\n', 'é', '日本', '😀', '\u200b', '\u0000', '\u0007', '\u007f', '\u0085', '\u00a0', '\u2028', '\ufeff', '\ufffe', 'a\nb', 'a\n\nb', ' lead', 'trail ', 'a  b', 'x\ty',
  'sha256:' + 'a'.repeat(64), 'registry.example.com/team/app', 'https://example.com/a?b=c#d', '128Mi', '500m', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '8080',
] as const;

const scalarText = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TRICKY_SCALARS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
);

type Tree = string | Tree[] | { key: string; value: Tree }[];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarText,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.record({ key: scalarText, value: tie('tree') }), { maxLength: 4 }),
  ),
})).tree;

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

/** Choices the writer makes per node, drawn up front so that a failing text shrinks. */
interface Style {
  readonly scalar: ScalarStyle;
  readonly flow: boolean;
  readonly flowLines: boolean;
  readonly indent: number;
  readonly comment: boolean;
  readonly blockHeader: string;
  readonly escapes: boolean;
  readonly compactSeq: boolean;
  /** A block sequence under a mapping key at the key's own indentation (`key:` then `- item`). */
  readonly flushSeq: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({
  scalar: fc.constantFrom<ScalarStyle>('plain', 'plain', 'plain', 'single', 'double', 'literal', 'folded'),
  flow: fc.boolean(),
  flowLines: fc.constantFrom(false, false, false, false, false, true),
  indent: fc.constantFrom(1, 2, 2, 2, 3, 4),
  comment: fc.boolean(),
  blockHeader: fc.constantFrom('', '', '-', '+', '2', '-2', '1+'),
  escapes: fc.boolean(),
  compactSeq: fc.boolean(),
  flushSeq: fc.boolean(),
});

/** Document-level decorations. */
interface Wrapping {
  readonly start: '' | '---\n' | '--- ' | '%YAML 1.2\n---\n' | '%YAML 1.1\n---\n' | '\ufeff';
  readonly end: '' | '\n...\n' | '\n---\n' | '\n# end\n';
  readonly lineEnd: '\n' | '\r\n' | '\r';
  readonly leadingComment: boolean;
}

const wrapping: fc.Arbitrary<Wrapping> = fc.record({
  start: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('', '---\n', '--- ') }, { weight: 1, arbitrary: fc.constantFrom('%YAML 1.2\n---\n', '%YAML 1.1\n---\n', '\ufeff') }),
  end: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('', '\n# end\n') }, { weight: 1, arbitrary: fc.constantFrom('\n...\n', '\n---\n') }),
  lineEnd: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('\n', '\n', '\r\n') }, { weight: 1, arbitrary: fc.constant('\r') }),
  leadingComment: fc.boolean(),
});

/** A random tree written as YAML, with the writer's style choices drawn per node. */
export const generatedYaml: fc.Arbitrary<string> = fc
  .record({ data: tree, styles: fc.array(style, { minLength: 1, maxLength: 24 }), wrapping })
  .map(({ data, styles, wrapping }) => {
    let next = 0;
    const pick = () => styles[next++ % styles.length]!;
    const body = writeNode(data, 0, pick, false);
    const text = `${wrapping.leadingComment ? '# leading comment\n' : ''}${wrapping.start}${body}${wrapping.end}`;
    return wrapping.lineEnd === '\n' ? text : text.replaceAll('\n', wrapping.lineEnd);
  });

function writeNode(node: Tree, indent: number, pick: () => Style, inFlow: boolean): string {
  const s = pick();
  if (typeof node === 'string') return writeScalar(node, indent, s, inFlow);
  if (node.length === 0 || s.flow || inFlow) return writeFlow(node, indent, pick, s);
  const pad = ' '.repeat(indent);
  const child = indent + s.indent;
  if (isSequence(node)) {
    return node
      .map((item) => {
        const written = writeNode(item, child, pick, false);
        return `${pad}-${written.startsWith('\n') ? '' : ' '}${written.startsWith('\n') || !s.compactSeq ? written : written.trimStart()}`;
      })
      .join('\n');
  }
  return node
    .map(({ key, value }) => {
      const flush = s.flushSeq && Array.isArray(value) && value.length > 0 && isSequence(value);
      const written = writeNode(value, flush ? indent : child, pick, false);
      const comment = s.comment ? ' # note' : '';
      const separator = typeof value === 'string' || value.length === 0 || written.trimStart().startsWith('[') || written.trimStart().startsWith('{') ? ' ' : `${comment}\n`;
      return `${pad}${writeScalar(key, indent, pick(), false, true)}:${separator}${separator === ' ' ? written.trimStart() : written}`;
    })
    .join('\n');
}

function isSequence(node: Tree[] | { key: string; value: Tree }[]): node is Tree[] {
  return node.length > 0 && (typeof node[0] === 'string' || Array.isArray(node[0]) || !('key' in (node[0] as object)));
}

function writeFlow(node: Tree[] | { key: string; value: Tree }[], indent: number, pick: () => Style, s: Style): string {
  const pad = ' '.repeat(indent);
  const separator = s.flowLines ? `,\n${pad} ` : ', ';
  const [open, close] = node.length > 0 && !isSequence(node) ? ['{', '}'] : node.length === 0 && s.escapes ? ['{', '}'] : ['[', ']'];
  const items = isSequence(node) || node.length === 0 ? (node as Tree[]).map((item) => writeNode(item, indent + 1, pick, true)) : (node as { key: string; value: Tree }[]).map(({ key, value }) => `${writeScalar(key, indent, pick(), true, true)}: ${writeNode(value, indent + 1, pick, true)}`);
  return `${pad}${open}${items.join(separator)}${s.flowLines ? `\n${pad}` : ''}${close}`;
}

function writeScalar(value: string, indent: number, s: Style, inFlow: boolean, isKey = false): string {
  const pad = ' '.repeat(indent);
  const style = (inFlow || isKey) && (s.scalar === 'literal' || s.scalar === 'folded') ? 'double' : s.scalar;
  switch (style) {
    // Line breaks in flow scalars: continuation lines indented like the scalar (they fold).
    case 'plain':
      return `${isKey ? '' : pad}${value.replaceAll('\n', `\n${pad}`)}`;
    case 'single':
      return `${isKey ? '' : pad}'${value.replaceAll("'", "''").replaceAll('\n', `\n${pad}`)}'`;
    case 'double':
      return `${isKey ? '' : pad}"${doubleQuoted(value, s.escapes).replaceAll('\n', `\n${pad}`)}"`;
    case 'literal':
    case 'folded': {
      const content = value.split('\n').map((line) => (line === '' ? '' : `${pad}  ${line}`));
      return `${style === 'literal' ? '|' : '>'}${s.blockHeader}${s.comment ? ' # block' : ''}\n${content.join('\n')}`;
    }
  }
}

function doubleQuoted(value: string, escapes: boolean): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += escapes ? '\\n' : '\n\n';
    else if (escapes && code > 0x7e) out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else if (escapes && code < 0x20) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out;
}

/** Characters that mean something to YAML, for edits of real files. */
const SIGNIFICANT = [':', ': ', '-', '- ', ' ', '  ', '\n', '\n  ', '#', ' #', "'", '"', '[', ']', '{', '}', ',', '&a ', '*a', '!', '!!str ', '|', '>', '?', '? ', '%', '@', '`', '\t', '\r', '\r\n', '\\', '---\n', '...\n', '~', '<<: ', '0o7', '.inf', 'null', 'yes', '\ufeff', '\u0085', '\u2028', '\u0000'] as const;

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'duplicate-line' | 'drop-line' | 'indent-line' | 'outdent-line'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SIGNIFICANT), scalarText) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constantFrom('duplicate-line' as const, 'drop-line' as const, 'indent-line' as const, 'outdent-line' as const), at: fc.nat() }),
);

/** One of `texts` after one to three random edits. */
export function editedYaml(texts: readonly string[]): fc.Arbitrary<string> {
  return fc.record({ text: fc.constantFrom(...texts), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) }).map(({ text, edits }) => edits.reduce(applyEdit, text));
}

function applyEdit(text: string, change: Edit): string {
  const lines = text.split('\n');
  const line = change.at % Math.max(lines.length, 1);
  switch (change.kind) {
    case 'insert': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
    case 'delete': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + change.length);
    }
    case 'duplicate-line':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'drop-line':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'indent-line':
      lines[line] = ` ${lines[line] ?? ''}`;
      return lines.join('\n');
    case 'outdent-line':
      lines[line] = (lines[line] ?? '').replace(/^ /, '');
      return lines.join('\n');
  }
}
