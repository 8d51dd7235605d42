import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/synth-pipeline';

/** ../shared/upstream (CRDs, chart values), overridable with GITOPS_UPSTREAM_DIR; CI always has it. */
export const UPSTREAM_DIR = process.env['GITOPS_UPSTREAM_DIR'] ?? path.resolve(REPO_ROOT, '../shared/upstream');
export const UPSTREAM_AVAILABLE = existsSync(path.join(UPSTREAM_DIR, 'crds'));

/** Call at the top of a suite that needs upstream data: says loudly that it is skipped. */
export function warnIfUpstreamMissing(suite: string): void {
  if (!UPSTREAM_AVAILABLE) console.warn(`${suite} SKIPPED: ${UPSTREAM_DIR} does not exist (set GITOPS_UPSTREAM_DIR to the upstream folder).`);
}
