import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnvironmentNames } from '../config/load-overlays';
import { listFiles } from '../render/write-dist';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import { diffCharts, formatChartChanges, type ChartDiffOptions } from './lib/chart-diff';
import { diffDistTrees, formatDistDiff, treeLabel } from './lib/dist-diff';
import { builtHelm } from '../check/chart-renders';
import { resolveSchemaDir } from '../check/schema/resolve-schema-dir';
import { ChartLock, CHART_LOCK_FILE, readChartLock } from '../helm/chart-lock';
import { resolveChartsDir } from '../helm/charts-dir';
import { clusterApiVersions } from '../helm/cluster-api-versions';
import { HELM_CACHE_DIR } from '../helm/platform-charts';
import { RenderCache } from '../helm/render-cache';
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { Git } from './lib/git';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run diff -- --base <git-rev>

Summarizes what the working tree's dist/ changes compared with dist/ at <git-rev> (a branch,
tag or commit, e.g. origin/main): the digests that moved, then per cluster tree (dist/<env>/
<cluster>/, titled <env>/<cluster>, or <env> where its one cluster is named after it) and Argo CD
Application folder the objects added, changed (with the changed fields) and removed; then per
Helm chart whose version or values changed, the chart's own objects added, changed and removed
(when the pinned helm is built and both chart versions are pulled: npm run tools, npm run
charts), else the chart's declared facts that changed. The output is Markdown, meant for a pull
request description. Run npm run synth first if you changed charts or overlays.

  --base <git-rev>   what to compare against
${ROOT_HELP}
  --help             show this text`;

export const diffCommand: Command = {
  name: 'diff',
  help: HELP,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, { base: { type: 'string' }, ...ROOT_OPTION });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.base) throw new UsageError('--base <git-rev> is required');
    const root = resolveRoot(values.root);
    const git = new Git(root);
    if (!(await git.isRepository())) throw new Refusal(`${root} is not a Git repository`);
    let base: string;
    try {
      base = await git.revParse(values.base);
    } catch {
      throw new Refusal(`'${values.base}' is not a commit in ${root}`);
    }

    const baseBlobs = new Map([...(await git.treeBlobs(base, 'dist'))].map(([file, id]) => [file.slice('dist/'.length), id]));
    const headFiles = [...listFiles(path.join(root, 'dist'))].sort();
    const headBlobs = await git.hashFiles(headFiles.map((file) => `dist/${file}`));
    // Read only what differs: a promotion changes a handful of files out of thousands.
    const differing = [...new Set([...baseBlobs.keys(), ...headFiles])].filter((file) => baseBlobs.get(file) !== headBlobs.get(`dist/${file}`));
    const baseContents = await git.readBlobs(differing.flatMap((file) => baseBlobs.get(file) ?? []));
    const baseTree = new Map(differing.flatMap((file) => (baseBlobs.has(file) ? [[file, baseContents.get(baseBlobs.get(file)!)!] as const] : [])));
    const headTree = new Map(differing.filter((file) => headBlobs.has(`dist/${file}`)).map((file) => [file, readFileSync(path.join(root, 'dist', file), 'utf8')] as const));

    const changes = diffDistTrees(baseTree, headTree);
    const trees = clusterTrees([...headFiles, ...baseBlobs.keys()]);
    context.out(formatDistDiff(changes, { environments: environmentOrder(root), clusters: trees, title: `## Rendered changes against ${values.base} (${base.slice(0, 12)})` }));
    const charts = await diffCharts(baseTree, headTree, differing.some((file) => file.includes('/chart-facts/') || file.includes('/argocd/application-')) ? await chartRendering(root, git, base, trees) : {});
    if (charts.length > 0) context.out(`\n${formatChartChanges(charts)}`);
    return 0;
  },
};

/**
 * How charts are rendered for the diff: the pinned helm when built, the charts dir, the lock of
 * both sides (a bump records the new version's digest, the base had the old one), each
 * cluster's Kubernetes version (its overlay's, else its environment's) and the schema dir's API
 * versions. Undefined parts leave the diff at the declared facts.
 */
async function chartRendering(root: string, git: Git, base: string, trees: ReadonlyMap<string, readonly string[]>): Promise<ChartDiffOptions> {
  const helm = builtHelm(root);
  const schemaDir = resolveSchemaDir({ env: process.env });
  if (typeof helm === 'string') return {};
  let baseLock: ChartLock = new ChartLock(CHART_LOCK_FILE, []);
  try {
    const blobs = await git.treeBlobs(base, CHART_LOCK_FILE);
    const text = [...(await git.readBlobs([...blobs.values()])).values()][0];
    if (text !== undefined) baseLock = new ChartLock(CHART_LOCK_FILE, (JSON.parse(text) as { charts: ChartLock['entries'] }).charts);
  } catch {
    // no lock at the base: only versions the working tree's lock records render
  }
  const headLock = readChartLock(root);
  const lock = new ChartLock(CHART_LOCK_FILE, [...baseLock.entries.filter((e) => headLock.digestOf(e.chart, e.version) === undefined), ...headLock.entries]);
  const cacheDir = path.join(root, HELM_CACHE_DIR);
  const apiVersions = clusterApiVersions({ schemaDir: schemaDir.dir, cacheDir });
  const kubernetesVersion = (file: string): unknown => (existsSync(path.join(root, file)) ? (parse(readFileSync(path.join(root, file), 'utf8')) as { kubernetesVersion?: unknown } | null)?.kubernetesVersion : undefined);
  const clusters = new Map(
    [...trees].flatMap(([environment, names]) =>
      names.flatMap((cluster) => {
        const version = kubernetesVersion(`overlays/${environment}/clusters/${cluster}.yaml`) ?? kubernetesVersion(`overlays/${environment}/environment.yaml`);
        return typeof version === 'string' ? [[`${environment}/${cluster}`, { environment: treeLabel(environment, cluster), kubernetesVersion: version, apiVersions }] as const] : [];
      }),
    ),
  );
  return { render: { helm, chartsDir: resolveChartsDir(root), lock, cache: new RenderCache(path.join(cacheDir, 'renders')) }, clusters };
}

/** Environment -> its cluster trees (dist/<env>/<cluster>/), sorted, from paths below dist/. */
function clusterTrees(files: Iterable<string>): Map<string, string[]> {
  const trees = new Map<string, Set<string>>();
  for (const file of files) {
    const [env, cluster, ...rest] = file.split('/');
    if (env === undefined || cluster === undefined || rest.length === 0) continue;
    trees.set(env, (trees.get(env) ?? new Set()).add(cluster));
  }
  return new Map([...trees].map(([env, clusters]) => [env, [...clusters].sort()]));
}

function environmentOrder(root: string): readonly string[] {
  try {
    return loadEnvironmentNames(root);
  } catch {
    return [];
  }
}
