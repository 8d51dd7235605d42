import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/synth-pipeline';

/**
 * Upstream reference data (CRDs, chart values files and schemas, the Pod Security fixtures) that
 * oracle tests compare against: the folder GITOPS_UPSTREAM_DIR names, else ../shared/upstream next
 * to the repository. A fresh clone has neither; CI always has the latter.
 */
export const UPSTREAM_DIR = process.env['GITOPS_UPSTREAM_DIR'] ?? path.resolve(REPO_ROOT, '../shared/upstream');

export interface UpstreamFolder {
  readonly dir: string;
  readonly available: boolean;
}

/**
 * The upstream sub-folder a suite needs ('crds', 'charts', 'pod-security-testdata'). When it is
 * missing, says so in one line naming the folder and how to provide it; the suite then skips
 * (`describe.skipIf(!folder.available)`), and must not read it while being collected.
 */
export function upstreamFolder(subfolder: string, suite: string): UpstreamFolder {
  const dir = path.join(UPSTREAM_DIR, subfolder);
  const available = existsSync(dir);
  if (!available) console.warn(`${suite} SKIPPED: ${dir} does not exist; to run it, set GITOPS_UPSTREAM_DIR to the upstream data folder (CI has ../shared/upstream).`);
  return { dir, available };
}
