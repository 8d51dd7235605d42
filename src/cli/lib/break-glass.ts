import { UsageError } from './command';

/**
 * Break-glass: an image set directly in an environment after the first one (an incident fix that
 * cannot wait for the chain). The reason is kept as a comment on the image's digest line in
 * overlays/<env>/images.yaml, `digest: sha256:...  # break-glass: <reason>`, where reviewers see it
 * in the diff and `status` shows it. The mark follows the image: promoting it carries the reason
 * on, a normal promotion of another image removes it.
 */
export const BREAK_GLASS_OPTION = { 'break-glass': { type: 'string' } } as const;

const MAX_REASON_LENGTH = 200;

export const BREAK_GLASS_HELP = `  --break-glass <reason>
                         incidents only: set an environment after the first one directly; the
                         reason (1-${MAX_REASON_LENGTH} characters, one line) is recorded in the overlay`;

const COMMENT_PREFIX = 'break-glass:';
/** Control characters, line and paragraph separators, and bidirectional overrides (text that displays unlike it reads). */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** The reason given on the command line, validated: one line a reviewer can read. */
export function parseBreakGlassReason(value: string): string {
  const reason = value.trim();
  if (reason.length === 0) throw new UsageError('--break-glass needs a reason, e.g. --break-glass "CVE-2026-1234 hotfix, INC-512"');
  if (reason.length > MAX_REASON_LENGTH) throw new UsageError(`--break-glass reason is ${reason.length} characters long, expected at most ${MAX_REASON_LENGTH}; link the incident instead of describing it`);
  const forbidden = FORBIDDEN.exec(reason);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new UsageError(`--break-glass reason contains the control character U+${code} at position ${forbidden.index + 1}, expected one line of text`);
  }
  return reason;
}

/** The comment text (after `#`) that records a break-glass reason. */
export function breakGlassComment(reason: string): string {
  return `${COMMENT_PREFIX} ${reason}`;
}

/**
 * False when no comment in `text` can be a break-glass mark (the prefix appears nowhere), so
 * readers of marks need not parse it: an images.yaml of 1000 apps takes ~50-100 ms to parse.
 */
export function mayHoldBreakGlassMark(text: string): boolean {
  return text.includes(COMMENT_PREFIX);
}

/** The reason recorded by a comment's text (after `#`), or undefined when it is not a break-glass mark. */
export function breakGlassReasonIn(comment: string): string | undefined {
  const text = comment.trim();
  return text.startsWith(COMMENT_PREFIX) ? text.slice(COMMENT_PREFIX.length).trim() : undefined;
}
