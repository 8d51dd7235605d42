import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { HELM_CHARTS } from '../../charts/lib/versions';
import { ConfigError } from '../config/config-error';
import { CHART_LOCK_FILE, readChartLock, writeChartLock } from '../helm/chart-lock';
import { ChartRefusal } from '../helm/chart-refusal';
import { CHARTS_CACHE_DIR, CHARTS_DIR_ENV, resolveChartsDir } from '../helm/charts-dir';
import { ensureHelm, GoUnavailableError } from '../helm/helm-tool';
import { renderPlatformCharts } from '../helm/platform-charts';
import { pullCharts } from '../helm/pull-charts';
import { REPO_ROOT } from '../repo-root';

const HELP = `Usage: npm run charts [-- --update-lock] [--render [--env <name>]...]

Pulls every chart version pinned in charts/lib/versions.ts with the pinned helm (npm run tools)
into the charts dir: $${CHARTS_DIR_ENV} when set, else ${CHARTS_CACHE_DIR}, one <chart>-<version>/
folder each. Needs access to the chart repositories. A chart whose content digest differs from
the one ${CHART_LOCK_FILE} records for its version is refused and not kept.

  --update-lock   record the digests of the charts pulled now (after a version bump); review the
                  charts, then commit the lock file
  --render        afterwards render every Helm source of every Argo CD Application the way Argo
                  CD's repo-server does, and print what each renders to
  --env <name>    with --render: only this environment (repeatable)
  --help          show this text`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'update-lock': { type: 'boolean' }, render: { type: 'boolean' }, env: { type: 'string', multiple: true }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.env !== undefined && values.render !== true) {
    console.error(`charts: --env selects the environments to render, so it needs --render\n\n${HELP}`);
    return 2;
  }
  const helm = ensureHelm(REPO_ROOT, { log: (line) => console.log(line) });
  const chartsDir = resolveChartsDir(REPO_ROOT);
  const lock = readChartLock(REPO_ROOT);
  const updateLock = values['update-lock'] === true;
  console.log(`pulling ${Object.keys(HELM_CHARTS).length} pinned charts with helm ${helm.version} into ${chartsDir}`);
  const { charts, refusals } = await pullCharts({ helm, charts: Object.values(HELM_CHARTS), chartsDir, lock, updateLock, log: (line) => console.log(line) });
  if (refusals.length > 0) {
    for (const refusal of refusals) console.error(`charts refused: ${refusal.message}`);
    if (updateLock) console.error(`${CHART_LOCK_FILE} was not changed.`);
    return 1;
  }
  if (updateLock) {
    writeChartLock(REPO_ROOT, charts);
    console.log(`recorded ${charts.length} digests in ${CHART_LOCK_FILE}: review the charts, then commit it`);
  }
  if (values.render) {
    const start = performance.now();
    const renders = await renderPlatformCharts({ repoRoot: REPO_ROOT, helm, only: values.env });
    for (const render of renders) {
      const { environment, application, chart, version } = render.request;
      console.log(`  ${environment}  ${application}  ${chart} ${version}  ${render.objects.length} objects${render.cached ? '  (cached)' : ''}`);
    }
    console.log(`rendered ${renders.length} Helm sources in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`charts failed: ${error.problems.length} problem(s):\n${error.message}`);
    else if (error instanceof ChartRefusal || error instanceof GoUnavailableError || (error instanceof Error && error.constructor === Error)) console.error(`charts failed: ${error.message}`);
    else console.error(`charts failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
