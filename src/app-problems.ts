import { readFileSync } from 'node:fs';
import { formatDefinitionProblem, type DefinitionProblem } from '../charts/lib/app/definition-problems';

/** Where an app is defined: the repository-relative file for messages, the absolute path to read it. */
export interface AppSource {
  readonly file: string;
  readonly path?: string;
}

/**
 * Problems of one app definition as `charts/apps/<app>.ts:<line>: field: problem, got X,
 * expected Y`, the overlays' format. The line is found in the module's text: the line that sets
 * the field (nested fields below their parent's line), else the default export's.
 */
export function formatAppProblems(source: AppSource, problems: readonly DefinitionProblem[]): string[] {
  const text = readText(source.path);
  return problems.map((problem) => {
    const line = text === undefined ? undefined : lineOfField(text, problem.key === undefined ? problem.path : [...problem.path, problem.key]);
    return `${source.file}${line === undefined ? '' : `:${line}`}: ${formatDefinitionProblem(problem)}`;
  });
}

function readText(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** 1-based line of the field at `path` in a module's source, or of its default export. */
export function lineOfField(text: string, path: readonly PropertyKey[]): number {
  const lines = text.split('\n');
  const exportLine = lines.findIndex((line) => /\bexport\s+default\b/.test(line));
  let at = Math.max(exportLine, 0);
  for (const segment of path) {
    if (typeof segment !== 'string') continue;
    const key = new RegExp(`(^|[{,\\s])(['"]?)${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\2\\s*:`);
    const found = lines.findIndex((line, index) => index >= at && key.test(line));
    if (found === -1) break;
    at = found;
  }
  return at + 1;
}
