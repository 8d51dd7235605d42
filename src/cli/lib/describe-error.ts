import { PublishInterrupted } from '../../render/publish-dist';

/**
 * How a command prints an error. Deliberate errors (a plain Error thrown on bad input, or a
 * publish that stopped halfway, which says how it will be finished) already say what and where,
 * so the message is enough; anything else (TypeError, ...) is a bug and gets its stack trace.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.constructor === Error || error instanceof PublishInterrupted ? error.message : (error.stack ?? error.message);
}
