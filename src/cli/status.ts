import { type Command, parseCommandLine, UsageError } from './lib/command';
import { sameImage, shortDigest } from './lib/image-reference';
import { loadRepositoryState, type RepositoryState } from './lib/repository-state';
import { allClusters, commonImage, describeImages, rolloutOf, type ClusterImage, type Rollout, type Wave } from './lib/rollout';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run status [-- --json]

Prints a table of apps x environments (in promotion order) with the digest each environment
runs (sha256: and its first 12 hex characters), marking with * every environment that is behind
the one before it (a different image) and with ! every image set by break-glass (listed with
its reason), followed by the promotions that are pending.

An environment that lists its clusters in waves has one column per wave (ENV/WAVE; the clusters
of each are listed under the table): a wave's digest is what every one of its clusters runs
("mixed" when they differ, each cluster listed). The first wave is behind when it runs another
image than every cluster of the previous environment; a later wave when it runs another image
than every cluster of the wave before it.

  --json           print the same as JSON: { environments, waves: { <env>: [{ name, clusters }] },
                   apps: { <app>: { <env>: { repository, digest, behind, breakGlass } } },
                   clusters: { <app>: { <cluster>: { environment, wave, repository, digest,
                   behind, breakGlass } } } } (breakGlass: the reason, or null). An environment's
                   repository and digest are its images.yaml entry (where a finished rollout
                   lands); behind: any of its clusters is.
${ROOT_HELP}
  --help           show this text`;

const BEHIND = '*';
const BREAK_GLASS = '!';

export const statusCommand: Command = {
  name: 'status',
  help: HELP,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' }, ...ROOT_OPTION });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const state = loadRepositoryState(resolveRoot(values.root), await context.loadApps());
    const rows = state.apps.map((app) => appStatus(state, app));
    context.out(values.json ? JSON.stringify(statusJson(state, rows), null, 2) : formatStatus(state, rows));
    return 0;
  },
};

/** One wave of one app: its clusters and whether it is behind what it takes images from. */
interface WaveStatus {
  readonly rollout: Rollout;
  readonly wave: Wave;
  /** The image of every cluster, or undefined when they differ. */
  readonly common: ReturnType<typeof commonImage>;
  /** Clusters that run another image than every cluster of the source (previous environment or wave) runs. */
  readonly behind: readonly ClusterImage[];
}

interface AppStatus {
  readonly app: string;
  readonly waves: readonly WaveStatus[];
}

function appStatus(state: RepositoryState, app: string): AppStatus {
  const waves: WaveStatus[] = [];
  let previousEnvironment: readonly ClusterImage[] | undefined;
  for (const env of state.chain) {
    const rollout = rolloutOf(state, env, app);
    for (const wave of rollout.waves) {
      const source = wave.number === 1 ? previousEnvironment : rollout.waves[wave.number - 2]!.clusters;
      // A source whose clusters disagree has a promotion of its own pending; nothing can be taken from it yet.
      const image = source === undefined ? undefined : commonImage(source)?.image;
      const behind = image === undefined ? [] : wave.clusters.filter((cluster) => !sameImage(cluster.image, image));
      waves.push({ rollout, wave, common: commonImage(wave.clusters), behind });
    }
    previousEnvironment = allClusters(rollout);
  }
  return { app, waves };
}

/** "live/canary" for a wave of an environment with several, else the environment. */
function columnName(status: WaveStatus): string {
  return status.rollout.waves.length === 1 ? status.rollout.env : `${status.rollout.env}/${status.wave.name}`;
}

function pendingCommand(status: WaveStatus): string {
  return `npm run promote -- ${status.rollout.app} --to ${status.rollout.env}${status.wave.number === 1 ? '' : ` --wave ${status.wave.name}`}`;
}

function statusJson(state: RepositoryState, rows: readonly AppStatus[]): unknown {
  const entry = (image: { repository: string; digest: string }, behind: boolean, breakGlass: string | undefined) => ({ repository: image.repository, digest: image.digest, behind, breakGlass: breakGlass ?? null });
  const first = rows[0]?.waves ?? [];
  return {
    environments: state.chain,
    waves: Object.fromEntries(state.chain.map((env) => [env, first.filter((s) => s.rollout.env === env).map((s) => ({ name: s.wave.name, clusters: s.wave.clusters.map((c) => c.cluster) }))])),
    apps: Object.fromEntries(
      rows.map((row) => [
        row.app,
        Object.fromEntries(
          state.chain.map((env) => {
            const waves = row.waves.filter((s) => s.rollout.env === env);
            const rollout = waves[0]!.rollout;
            return [env, entry(rollout.settled, waves.some((s) => s.behind.length > 0), rollout.settledMark)];
          }),
        ),
      ]),
    ),
    clusters: Object.fromEntries(
      rows.map((row) => [
        row.app,
        Object.fromEntries(row.waves.flatMap((s) => s.wave.clusters.map((c) => [c.cluster, { environment: s.rollout.env, wave: s.wave.name, ...entry(c.image, s.behind.includes(c), c.breakGlass) }]))),
      ]),
    ),
  };
}

function formatStatus(state: RepositoryState, rows: readonly AppStatus[]): string {
  const columns = rows[0]?.waves ?? [];
  const header = ['APP', ...columns.map((s) => columnName(s).toUpperCase())];
  const table = rows.map((row) => [
    row.app,
    ...row.waves.map((s) => {
      const marked = s.wave.clusters.some((c) => c.breakGlass !== undefined);
      return [s.common === undefined ? 'mixed' : shortDigest(s.common.image.digest), marked ? BREAK_GLASS : '', s.behind.length > 0 ? BEHIND : ''].filter((part) => part !== '').join(' ');
    }),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...table].map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((text, column) => text.padEnd(widths[column]!)).join('  ').trimEnd();

  const named = columns.filter((s) => s.wave.clusters[0]!.overlayFile !== undefined);
  const clusters = named.length === 0 ? [] : ['Clusters:', ...named.map((s) => `  ${columnName(s)}: ${s.wave.clusters.map((c) => c.cluster).join(', ')}`), ''];
  const mixed = rows.flatMap((row) => row.waves.filter((s) => s.common === undefined).map((s) => `  ${row.app} in ${columnName(s)}: ${describeImages(s.wave.clusters)}`));
  const breakGlass = rows.flatMap((row) => row.waves.flatMap((s) => breakGlassLines(row.app, s)));
  const pending = rows.flatMap((row) => row.waves.filter((s) => s.behind.length > 0).map((s) => `  ${pendingCommand(s)}`));
  const waves = columns.some((s) => s.rollout.waves.length > 1);
  return [
    line(header),
    ...table.map(line),
    '',
    ...clusters,
    ...(mixed.length === 0 ? [] : ['mixed: the clusters of a wave run different images:', ...mixed, '']),
    ...(breakGlass.length === 0 ? [] : [`${BREAK_GLASS} set by break-glass, not by promotion:`, ...breakGlass, '']),
    pending.length === 0
      ? 'Every environment runs what the one before it runs; nothing is pending.'
      : [`${BEHIND} behind the previous environment${waves ? ' (or wave)' : ''}. Pending promotions:`, ...pending].join('\n'),
  ].join('\n');
}

/** One line per break-glass reason in the wave, naming its clusters when not all of them carry it. */
function breakGlassLines(app: string, status: WaveStatus): string[] {
  const reasons = [...new Set(status.wave.clusters.flatMap((c) => (c.breakGlass === undefined ? [] : [c.breakGlass])))];
  return reasons.map((reason) => {
    const carrying = status.wave.clusters.filter((c) => c.breakGlass === reason);
    const which = carrying.length === status.wave.clusters.length ? '' : ` (${carrying.map((c) => c.cluster).join(', ')})`;
    return `  ${app} in ${columnName(status)}${which}: ${reason}`;
  });
}
