// vitest globalSetup: makes the pinned helm available once for the whole run (npm run tools does
// the same; .ci/run calls that first, so CI never gets here without it). Without Go the Helm
// rendering tests are skipped, and this says so in one line.
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
    if (!(error instanceof GoUnavailableError)) throw error;
    console.warn(`Helm rendering tests SKIPPED: ${error.message}`);
    project.provide('helm', null);
  }
}
