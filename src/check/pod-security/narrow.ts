// Narrowing helpers for parsed YAML/JSON, which arrives as `unknown`.
// A value of the wrong type reads as absent: the API server rejects such an object before
// Pod Security ever sees it, so ignoring it cannot let a non-compliant pod through.

export type UnknownRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function recordAt(record: UnknownRecord, key: string): UnknownRecord | undefined {
  const value = record[key];
  return isRecord(value) ? value : undefined;
}

export function stringAt(record: UnknownRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

export function booleanAt(record: UnknownRecord, key: string): boolean | undefined {
  const value = record[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function numberAt(record: UnknownRecord, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' ? value : undefined;
}

/**
 * Reads a list of objects. Items that are not objects become `{}` rather than being dropped,
 * so that indexes in reported field paths still match the source document.
 */
export function recordsAt<T>(record: UnknownRecord, key: string, readItem: (item: UnknownRecord) => T): T[] | undefined {
  const value = record[key];
  if (!Array.isArray(value)) return undefined;
  return value.map((item: unknown) => readItem(isRecord(item) ? item : {}));
}

/** Reads a list of strings; other scalars are stringified so indexes stay aligned and odd values stay visible. */
export function stringsAt(record: UnknownRecord, key: string): string[] | undefined {
  const value = record[key];
  if (!Array.isArray(value)) return undefined;
  return value.map((item: unknown) => (typeof item === 'string' ? item : String(item)));
}
