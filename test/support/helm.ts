import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { HelmTool } from '../../src/helm/helm-tool';
import { REPO_ROOT } from './repo';

/** The pinned helm from test/support/helm-setup.ts, or null when the rendering tests are skipped. */
export const HELM: HelmTool | null = inject('helm');

/** The fixture charts the Helm tests own. */
export const FIXTURE_CHARTS = path.join(REPO_ROOT, 'test/fixtures/charts');

/** A fresh scratch directory under the run's temporary directory. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), `${prefix}-`));
}

/** A charts dir holding a copy of a fixture chart as <chart>-<version>/, as npm run charts lays it out. */
export function chartsDirWith(chart: string, version: string): string {
  const dir = scratchDir('charts');
  cpSync(path.join(FIXTURE_CHARTS, chart), path.join(dir, `${chart}-${version}`), { recursive: true });
  return dir;
}
