// vitest globalSetup: makes the pinned helm available once for the whole run (npm run tools does
// the same; .ci/run calls that first, so CI never gets here without it). Where it cannot be built
// (no Go, or no module proxy), the Helm rendering tests are skipped, and this says so in one line;
// under CI (CI=true) a failed build fails the run instead, so CI can never skip them quietly.
import type { TestProject } from 'vitest/node';
import { ensureHelm, GoUnavailableError, type HelmTool } from '../../src/helm/helm-tool';
import { REPO_ROOT } from '../../src/repo-root';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The pinned helm, or null when it cannot be built here (no Go). */
    helm: HelmTool | null;
  }
}

export default function setup(project: TestProject): void {
  try {
    const { path, version } = ensureHelm(REPO_ROOT, { log: (line) => console.log(line) });
    project.provide('helm', { path, version });
  } catch (error) {
    if (!(error instanceof GoUnavailableError) && process.env['CI'] === 'true') throw error;
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.warn(`Helm rendering tests SKIPPED: ${why} (run npm run tools to build the pinned helm)`);
    project.provide('helm', null);
  }
}
