import type { ErrorObject } from 'ajv';
import { appendPointer } from './json-pointer';
import { isRecord } from './types';

/** A schema error in words: the field it is about and what is wrong with it. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * One readable problem per ajv error. Needs errors from an ajv instance with `verbose: true`,
 * which puts the offending value and the failed schema on each error.
 */
export function describeErrors(errors: readonly ErrorObject[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of withoutRedundantErrors(errors)) {
    const problem = describeError(error);
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  // By path, so problems with one field sit together whatever order ajv walked the schema in.
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function withoutRedundantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  return withoutChecksOfWrongTypes(withoutAlternativeDetails(errors));
}

/** A value of the wrong type also fails its enum, pattern or format; the type error says it all. */
function withoutChecksOfWrongTypes(errors: readonly ErrorObject[]): ErrorObject[] {
  const wrongTypes = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  return errors.filter((error) => error.keyword === 'type' || !wrongTypes.has(error.instancePath));
}

/**
 * When anyOf/oneOf fails, ajv also reports why each alternative failed. Those reasons are noise
 * (only one alternative was meant), so keep the single combined error for the anyOf/oneOf.
 */
function withoutAlternativeDetails(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  if (combinators.length === 0) return [...errors];
  const isDetailOf = (error: ErrorObject, combinator: ErrorObject): boolean =>
    error.schemaPath.startsWith(`${combinator.schemaPath}/`) && error.instancePath.startsWith(combinator.instancePath);
  return errors.filter((error) => !combinators.some((combinator) => isDetailOf(error, combinator)));
}

function describeError(error: ErrorObject): FieldProblem {
  const path = error.instancePath;
  const params: Record<string, unknown> = error.params;
  const got = `got ${describeValue(error.data)}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return { path: appendPointer(path, field), message: `unknown field "${field}"` };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return { path: appendPointer(path, field), message: `missing required field "${field}"` };
    }
    case 'type':
      return { path, message: `must be ${String(params.type).split(',').join(' or ')}, ${got}` };
    case 'enum':
      return { path, message: `must be one of ${listValues(params.allowedValues)}, ${got}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}, ${got}` };
    case 'format':
      return { path, message: `must be a valid ${String(params.format)}, ${got}` };
    case 'pattern':
      return { path, message: `must match /${String(params.pattern)}/, ${got}` };
    case 'anyOf':
    case 'oneOf':
      return { path, message: describeAlternatives(error.keyword, error.schema) };
    case 'not':
      return { path, message: describeForbidden(error.schema) };
    default:
      return { path, message: `${error.message ?? `fails ${error.keyword}`}, ${got}` };
  }
}

/** Kyverno and others use oneOf/anyOf of `required` to mean "set exactly/at least one of these fields". */
function describeAlternatives(keyword: 'anyOf' | 'oneOf', alternatives: unknown): string {
  const quantity = keyword === 'oneOf' ? 'exactly one' : 'at least one';
  const fields = Array.isArray(alternatives) ? alternatives.map(soleRequiredField) : [];
  if (fields.length > 0 && fields.every((field) => field !== undefined)) {
    return `must set ${quantity} of ${fields.map((field) => `"${field}"`).join(', ')}`;
  }
  return `must match ${quantity} of the ${keyword} alternatives in the schema`;
}

/** Kyverno uses `not: {required: [a, b]}` to mean "do not set a and b together". */
function describeForbidden(schema: unknown): string {
  if (isRecord(schema) && Object.keys(schema).length === 1 && Array.isArray(schema.required)) {
    const required: unknown[] = schema.required;
    return required.length === 1
      ? `must not set ${listValues(required)}`
      : `must not set ${required.map((field) => JSON.stringify(field)).join(' and ')} together`;
  }
  return 'must not match the schema under "not"';
}

function soleRequiredField(schema: unknown): string | undefined {
  if (!isRecord(schema) || Object.keys(schema).length !== 1) return undefined;
  const required = schema.required;
  return Array.isArray(required) && required.length === 1 && typeof required[0] === 'string' ? required[0] : undefined;
}

const MAX_LISTED_VALUES = 20;

function listValues(values: unknown): string {
  if (!Array.isArray(values)) return String(values);
  const listed = values.slice(0, MAX_LISTED_VALUES).map((value: unknown) => JSON.stringify(value)).join(', ');
  return values.length > MAX_LISTED_VALUES ? `${listed}, … (${values.length} values)` : listed;
}

const MAX_SHOWN_STRING = 80;

export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING)}…` : value);
  }
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
