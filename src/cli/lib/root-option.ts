import path from 'node:path';
import { REPO_ROOT } from '../../synth-pipeline';

export const ROOT_OPTION = { root: { type: 'string' } } as const;

/** The repository whose overlays/ and dist/ a command works on (the charts are always this repo's). */
export function resolveRoot(root: string | undefined): string {
  return path.resolve(root ?? REPO_ROOT);
}

export const ROOT_HELP = '  --root <dir>     repository to work on: its overlays/ and dist/ (default: this repository)';
