import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../synth-pipeline';

export const ROOT_OPTION = { root: { type: 'string' } } as const;

/** The repository whose overlays/ and dist/ a command works on (the charts are always this repo's). */
export function resolveRoot(root: string | undefined): string {
  return path.resolve(root ?? REPO_ROOT);
}

/**
 * The repository a command line names with --root, read before the command parses its own
 * arguments (a writer takes the repository's lock first); a malformed command line is left for
 * the command to refuse.
 */
export function rootArgument(args: readonly string[]): string {
  const { values } = parseArgs({ args: [...args], options: ROOT_OPTION, strict: false, allowPositionals: true });
  return resolveRoot(typeof values.root === 'string' ? values.root : undefined);
}

export const ROOT_HELP = '  --root <dir>     repository to work on: its overlays/ and dist/ (default: this repository)';
