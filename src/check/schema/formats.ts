import type { Ajv, Format } from 'ajv';

// Kubernetes schemas use OpenAPI formats that ajv does not know. Ajv in strict mode refuses to
// compile a schema with an unknown format, so every format name is registered before compiling:
// a few get a cheap check that matches what the API server enforces, the rest are accepted as-is
// (the API server either ignores them or checks them in ways a regex cannot reproduce).

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
// Numbers beyond 2^53 are not exact in JS, so int64 can only be checked up to that precision.
const INT64 = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

// RFC 3339 date-time, as Go's time.RFC3339 parses it (fraction optional, "Z" or an offset).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
// Standard base64 with padding, which is what encoding/json expects for []byte fields.
const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The module name cached validators require the checked formats by. */
export const FORMATS_MODULE = 'gitops-platform/formats';

export const CHECKED_FORMATS: Readonly<Record<string, Format>> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT64.min && n <= INT64.max },
  'date-time': DATE_TIME,
  byte: BYTE,
};

/** Registers the formats a schema uses, so that compiling it never fails on an unknown format. */
export class FormatRegistry {
  private readonly registered = new Set<string>();

  constructor(private readonly ajv: Ajv) {}

  ensure(format: string): void {
    if (this.registered.has(format)) return;
    this.registered.add(format);
    this.ajv.addFormat(format, CHECKED_FORMATS[format] ?? true);
  }
}
