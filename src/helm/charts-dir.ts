import path from 'node:path';

/** Names a directory of already-pulled charts (<chart>-<version>/ each) to use instead of the cache. */
export const CHARTS_DIR_ENV = 'GITOPS_CHARTS_DIR';

/** Where `npm run charts` pulls to when GITOPS_CHARTS_DIR is unset, below the repository root. */
export const CHARTS_CACHE_DIR = path.join('.cache', 'charts');

/** $GITOPS_CHARTS_DIR when set, else <repoRoot>/.cache/charts: where charts are pulled to and rendered from. */
export function resolveChartsDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CHARTS_DIR_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(repoRoot, CHARTS_CACHE_DIR);
}

/** The folder of one pulled chart version inside the charts dir, e.g. cert-manager-v1.21.1. */
export function chartFolder(chart: string, version: string): string {
  return `${chart}-${version}`;
}
