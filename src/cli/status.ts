import type { ImageRef } from '../config/overlay-schemas';
import { type Command, parseCommandLine, UsageError } from './lib/command';
import { sameImage, shortDigest } from './lib/image-reference';
import { loadRepositoryState, type RepositoryState } from './lib/repository-state';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run status [-- --json]

Prints a table of apps x environments (in promotion order) with the digest each environment
runs (sha256: and its first 12 hex characters), marking with * every environment that is behind
the one before it (a different image) and with ! every image set by break-glass (listed with
its reason), followed by the promotions that are pending.

  --json           print the same as JSON: { environments, apps: { <app>: { <env>:
                   { repository, digest, behind, breakGlass } } } } (breakGlass: the reason, or null)
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
    const cells = statusCells(state);
    if (values.json) {
      const apps = Object.fromEntries(state.apps.map((app) => [app, Object.fromEntries(state.chain.map((env) => [env, cells.get(app)!.get(env)!]))]));
      context.out(JSON.stringify({ environments: state.chain, apps }, null, 2));
      return 0;
    }
    context.out(formatStatus(state, cells));
    return 0;
  },
};

interface Cell extends ImageRef {
  /** Differs from what the previous environment runs (a promotion is pending). */
  readonly behind: boolean;
  /** The reason, when the image was set by break-glass rather than promoted. */
  readonly breakGlass: string | null;
}

function statusCells(state: RepositoryState): Map<string, Map<string, Cell>> {
  return new Map(
    state.apps.map((app) => {
      const row = new Map<string, Cell>();
      state.chain.forEach((env, index) => {
        const image = state.environments.get(env)!.images[app]!;
        const previous = index === 0 ? undefined : state.environments.get(state.chain[index - 1]!)!.images[app];
        row.set(env, {
          repository: image.repository,
          digest: image.digest,
          behind: previous !== undefined && !sameImage(previous, image),
          breakGlass: state.breakGlass.get(env)!.get(app) ?? null,
        });
      });
      return [app, row];
    }),
  );
}

function formatStatus(state: RepositoryState, cells: Map<string, Map<string, Cell>>): string {
  const header = ['APP', ...state.chain.map((env) => env.toUpperCase())];
  const rows = state.apps.map((app) => [app, ...state.chain.map((env) => {
    const cell = cells.get(app)!.get(env)!;
    return [shortDigest(cell.digest), cell.breakGlass === null ? '' : BREAK_GLASS, cell.behind ? BEHIND : ''].filter((part) => part !== '').join(' ');
  })]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((text, column) => text.padEnd(widths[column]!)).join('  ').trimEnd();
  const breakGlass = state.apps.flatMap((app) => state.chain.flatMap((env) => {
    const reason = cells.get(app)!.get(env)!.breakGlass;
    return reason === null ? [] : [`  ${app} in ${env}: ${reason}`];
  }));
  const pending = state.apps.flatMap((app) => state.chain.filter((env) => cells.get(app)!.get(env)!.behind).map((env) => `  npm run promote -- ${app} --to ${env}`));
  return [
    line(header),
    ...rows.map(line),
    '',
    ...(breakGlass.length === 0 ? [] : [`${BREAK_GLASS} set by break-glass, not by promotion:`, ...breakGlass, '']),
    pending.length === 0
      ? 'Every environment runs what the one before it runs; nothing is pending.'
      : [`${BEHIND} behind the previous environment. Pending promotions:`, ...pending].join('\n'),
  ].join('\n');
}
