/**
 * How a command prints an error. Deliberate errors (a plain Error thrown on bad input) already
 * say what and where, so the message is enough; anything else (TypeError, ...) is a bug and
 * gets its stack trace.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.constructor === Error ? error.message : (error.stack ?? error.message);
}
