/** One way a rendered object breaks its schema. */
export interface SchemaFinding {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** JSON pointer of the offending field, e.g. /spec/template/spec/containers/0/foo. */
  readonly path: string;
  /** What is wrong, naming the value and what is expected, e.g. 'unknown field "foo"'. */
  readonly message: string;
}

/** A JSON schema node after normalization: plain JSON, keywords ajv understands. */
export type JsonSchema = { [keyword: string]: unknown };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
