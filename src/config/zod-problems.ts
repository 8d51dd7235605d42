import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import { invisibleCharacter, showText, showValue } from './text';
import type { YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

/** One zod issue in words: where (a path, or a key inside the mapping at a path), what, got, expected. */
export interface IssueProblem {
  readonly path: readonly PropertyKey[];
  /** Set when the problem is a key of the mapping at `path` (unknown or invalid keys). */
  readonly key?: string;
  readonly field: string;
  readonly problem: string;
  readonly got?: string;
  readonly expected?: string;
}

/** Turns zod's issues into `file:line: field: problem, got X, expected Y` problems. */
export function problemsFromIssues(source: YamlSource, schema: z.ZodType, issues: readonly Issue[]): ConfigProblem[] {
  return describeIssues(schema, issues).map(({ path, key, field, problem, got, expected }) => ({
    file: source.file,
    line: key === undefined ? source.lineOfPath(path) : source.lineOfKey(path, key),
    field,
    problem,
    ...(got === undefined ? {} : { got }),
    ...(expected === undefined ? {} : { expected }),
  }));
}

/** zod's issues as problems, independent of where the input came from (YAML, an app module). */
export function describeIssues(schema: z.ZodType, issues: readonly Issue[]): IssueProblem[] {
  return issues.flatMap((issue) => describeIssue(schema, issue));
}

function describeIssue(schema: z.ZodType, issue: Issue): IssueProblem[] {
  const path = issue.path;
  const at = { path, field: fieldName(path) };
  const got = 'input' in issue ? showValue(issue.input) : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path,
        key,
        field: fieldName([...path, key]),
        problem: key === 'tag' ? 'tags are not allowed, images are pinned by digest' : 'unknown key',
        expected: `one of: ${knownKeys(schema, path).join(', ')}`,
      }));
    case 'invalid_type':
      return [issue.input === undefined ? { ...at, problem: 'required field is missing', expected: issue.expected } : { ...at, problem: 'wrong type', got, expected: issue.expected }];
    case 'invalid_format':
      return [{ ...at, problem: path.at(-1) === 'digest' ? describeBadDigest(issue.input) : 'invalid value', got, expected: issue.message }];
    case 'invalid_key': {
      const inner = issue.issues[0];
      const expected = inner && 'params' in inner ? (expectedOf(inner.params) ?? inner.message) : inner?.message;
      return [{ path: path.slice(0, -1), key: String(path.at(-1)), field: at.field, problem: 'invalid key', got, expected }];
    }
    case 'too_small':
      return [{ ...at, problem: 'too small', got, expected: `at least ${String(issue.minimum)}` }];
    case 'too_big':
      return [{ ...at, problem: 'too large', got, expected: `at most ${String(issue.maximum)}` }];
    case 'invalid_value':
      return [{ ...at, problem: 'not an allowed value', got, expected: `one of: ${issue.values.map(showValue).join(', ')}` }];
    case 'custom': {
      // Field checks (src/config/fields.ts) say what is wrong and what is expected separately.
      const expected = expectedOf(issue.params);
      const problem = typeof issue.params?.['problem'] === 'string' ? issue.params['problem'] : undefined;
      if (expected !== undefined && problem !== undefined) return [{ ...at, problem, got, expected }];
      return [{ ...at, problem: issue.message, got }];
    }
    default:
      return [{ ...at, problem: issue.message, got }];
  }
}

function expectedOf(params: Record<string, unknown> | undefined): string | undefined {
  return typeof params?.['expected'] === 'string' ? params['expected'] : undefined;
}

/** A digest field holding a tag is the most common mistake; say so in words. */
function describeBadDigest(input: unknown): string {
  if (typeof input === 'string' && (input === 'latest' || input.endsWith(':latest'))) return '`latest` is not allowed, pin a digest';
  if (typeof input === 'string' && /^[\w.-]+$/.test(input) && !input.startsWith('sha256')) return 'looks like a tag, pin a digest';
  return 'invalid value';
}

/**
 * A path as a field name, e.g. `apps.shop.replicas`. A key that is empty, long or holds an
 * invisible or control character (a line feed would split the message) is shown quoted and
 * escaped like a value.
 */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  return path.map((segment) => (typeof segment === 'string' && (segment === '' || [...segment].length > 60 || invisibleCharacter(segment, { lineFeeds: false }) !== undefined) ? showText(segment) : String(segment))).join('.');
}

/** The keys the schema allows at `path`, for "expected one of" hints. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = schema;
  for (const segment of path) {
    node = node && childSchema(node, segment);
  }
  const def = node && unwrap(node)._zod.def;
  return def?.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function unwrap(node: z.core.$ZodType): z.core.$ZodType {
  const def = node._zod.def;
  if (def.type === 'optional' || def.type === 'default') return unwrap((def as z.core.$ZodOptionalDef).innerType);
  return node;
}

function childSchema(node: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  const def = unwrap(node)._zod.def;
  switch (def.type) {
    case 'object':
      return (def as z.core.$ZodObjectDef).shape[String(segment)];
    case 'record':
      return (def as z.core.$ZodRecordDef).valueType;
    case 'array':
      return (def as z.core.$ZodArrayDef).element;
    default:
      return undefined;
  }
}
