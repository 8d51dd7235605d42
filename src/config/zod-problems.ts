import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import type { YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

/** Turns zod's issues into `file:line: field: problem, got X, expected Y` problems. */
export function problemsFromIssues(source: YamlSource, schema: z.ZodType, issues: readonly Issue[]): ConfigProblem[] {
  return issues.flatMap((issue) => problemsFromIssue(source, schema, issue));
}

function problemsFromIssue(source: YamlSource, schema: z.ZodType, issue: Issue): ConfigProblem[] {
  const path = issue.path;
  const at = { file: source.file, line: source.lineOfPath(path), field: fieldName(path) };
  const got = 'input' in issue ? show(issue.input) : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        file: source.file,
        line: source.lineOfKey(path, key),
        field: fieldName([...path, key]),
        problem: key === 'tag' ? 'tags are not allowed, images are pinned by digest' : 'unknown key',
        expected: `one of: ${knownKeys(schema, path).join(', ')}`,
      }));
    case 'invalid_type':
      return [
        issue.input === undefined
          ? { ...at, problem: 'required field is missing', expected: issue.expected }
          : { ...at, problem: 'wrong type', got, expected: issue.expected },
      ];
    case 'invalid_format':
      return [{ ...at, problem: path.at(-1) === 'digest' ? describeBadDigest(issue.input) : 'invalid value', got, expected: issue.message }];
    case 'invalid_key': {
      const inner = issue.issues[0];
      return [{ ...at, line: source.lineOfKey(path.slice(0, -1), String(path.at(-1))), problem: 'invalid key', got, expected: inner?.message }];
    }
    case 'too_small':
      return [{ ...at, problem: 'too small', got, expected: `at least ${String(issue.minimum)}` }];
    case 'too_big':
      return [{ ...at, problem: 'too large', got, expected: `at most ${String(issue.maximum)}` }];
    case 'invalid_value':
      return [{ ...at, problem: 'not an allowed value', got, expected: `one of: ${issue.values.map(show).join(', ')}` }];
    default:
      return [{ ...at, problem: issue.message, got }];
  }
}

/** A digest field holding a tag is the most common mistake; say so in words. */
function describeBadDigest(input: unknown): string {
  if (typeof input === 'string' && (input === 'latest' || input.endsWith(':latest'))) return '`latest` is not allowed, pin a digest';
  if (typeof input === 'string' && /^[\w.-]+$/.test(input) && !input.startsWith('sha256')) return 'looks like a tag, pin a digest';
  return 'invalid value';
}

export function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(document)' : path.map(String).join('.');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'object' && value !== null ? (Array.isArray(value) ? 'a list' : 'a mapping') : JSON.stringify(value);
}

/** The keys the schema allows at `path`, for "expected one of" hints. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = schema;
  for (const segment of path) {
    node = node && childSchema(node, segment);
  }
  const def = node?._zod.def;
  return def?.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function childSchema(node: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  const def = node._zod.def;
  switch (def.type) {
    case 'object':
      return (def as z.core.$ZodObjectDef).shape[String(segment)];
    case 'record':
      return (def as z.core.$ZodRecordDef).valueType;
    case 'array':
      return (def as z.core.$ZodArrayDef).element;
    case 'optional':
    case 'default':
      return childSchema((def as z.core.$ZodOptionalDef).innerType, segment);
    default:
      return undefined;
  }
}
