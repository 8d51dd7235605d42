/** One problem in an overlay file, located precisely enough to fix without searching. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly problem: string;
  readonly got?: string;
  readonly expected?: string;
}

export function formatProblem(p: ConfigProblem): string {
  const got = p.got === undefined ? '' : `, got ${p.got}`;
  const expected = p.expected === undefined ? '' : `, expected ${p.expected}`;
  return `${p.file}:${p.line}: ${p.field}: ${p.problem}${got}${expected}`;
}

/**
 * Raised when overlays are invalid. Carries every problem found (not just the first) so one
 * run shows the whole list; the message is the list, one `file:line: field: ...` per line.
 */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}
