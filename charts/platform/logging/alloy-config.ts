/**
 * A tiny typed writer for Grafana Alloy's configuration syntax (blocks, attributes, expressions),
 * so the log pipeline is built from objects instead of a template string. Strings are always
 * quoted by the writer; expressions are only references and calls built by the helpers below.
 * Syntax: grafana.com/docs/alloy/latest/get-started/configuration-syntax/
 */

/** An Alloy expression (not a string literal). */
export class AlloyExpression {
  private constructor(readonly text: string) {}

  /** A reference to a component export or stdlib value, e.g. discovery.kubernetes.pods.targets. */
  static ref(path: string): AlloyExpression {
    if (!/^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(path)) throw new Error(`alloy: '${path}' is not a reference path`);
    return new AlloyExpression(path);
  }

  /** A call of a stdlib function with string arguments, e.g. sys.env("HOSTNAME"). */
  static call(fn: string, ...args: string[]): AlloyExpression {
    return new AlloyExpression(`${AlloyExpression.ref(fn).text}(${args.map(quote).join(', ')})`);
  }

  /** String concatenation of literals and expressions. */
  static concat(...parts: Array<string | AlloyExpression>): AlloyExpression {
    return new AlloyExpression(parts.map(render).join(' + '));
  }
}

export type AlloyValue = string | number | boolean | AlloyExpression | readonly AlloyValue[] | AlloyObject;

/** An Alloy object literal such as a map(string) argument: `{ cluster = "prod" }`. */
export interface AlloyObject {
  readonly [key: string]: AlloyValue;
}

export interface AlloyBlock {
  /** Block name, e.g. loki.source.file or rule. */
  readonly name: string;
  /** Component label (top-level components have one; nested blocks do not). */
  readonly label?: string;
  readonly attributes?: Readonly<Record<string, AlloyValue>>;
  readonly blocks?: readonly AlloyBlock[];
}

export function renderAlloyConfig(blocks: readonly AlloyBlock[]): string {
  return `${blocks.map((b) => renderBlock(b, '')).join('\n\n')}\n`;
}

function renderBlock(block: AlloyBlock, indent: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/.test(block.name)) throw new Error(`alloy: '${block.name}' is not a block name`);
  const header = block.label === undefined ? block.name : `${block.name} ${quote(block.label)}`;
  const inner = `${indent}  `;
  const lines = [
    ...Object.entries(block.attributes ?? {}).map(([key, value]) => `${inner}${key} = ${render(value)}`),
    ...(block.blocks ?? []).map((child) => renderBlock(child, inner)),
  ];
  return lines.length === 0 ? `${indent}${header} {}` : `${indent}${header} {\n${lines.join('\n')}\n${indent}}`;
}

function render(value: AlloyValue): string {
  if (value instanceof AlloyExpression) return value.text;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isList(value)) return `[${value.map(render).join(', ')}]`;
  const fields = Object.entries(value).map(([key, field]) => `${IDENTIFIER.test(key) ? key : quote(key)} = ${render(field)}`);
  return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
}

/** Object keys that need no quotes; any other key is written as a string. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isList(value: readonly AlloyValue[] | AlloyObject): value is readonly AlloyValue[] {
  return Array.isArray(value);
}

/** Alloy strings use Go escapes; JSON's escaping of a string is a valid subset. */
function quote(text: string): string {
  return JSON.stringify(text);
}
