import type { ImageRef } from '../config/overlay-schemas';
import { applyImage } from './lib/apply-image';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import { staleDistFiles } from './lib/dist-current';
import { formatDistDiff, type ObjectChange } from './lib/dist-diff';
import { Git } from './lib/git';
import { imageText, isAllowedRegistry, parseDigest, sameImage, shortDigest } from './lib/image-reference';
import { imagesFilePath, loadRepositoryState, requireApp, requireEnvironment, type RepositoryState } from './lib/repository-state';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run promote -- <app> --to <env> [--from <env>] [--digest sha256:<hex>] [--git]

Copies <app>'s image (repository and digest) from the environment before <env> in the chain
(overlays/environments.yaml, e.g. dev -> staging -> prod) into overlays/<env>/images.yaml,
changing only that value (comments and formatting are kept), re-renders dist/<env>/ and prints
what changed.

With --git: creates branch promote/<app>-<env>-<short digest> holding one commit with exactly
overlays/<env>/images.yaml and the app's files in dist/<env>/apps/<app>/, ready to push and open
as a pull request. Promotions of different apps on separate branches merge without conflicts.

Refused, with nothing changed: unknown app or environment; --from that is not the environment
right before --to (no skipping, e.g. dev -> prod); --digest that is a tag or malformed, or that
the previous environment does not run; with --git, a dirty working tree, an existing branch or
a dist/<env>/ that is not current.

  --to <env>             environment to promote into
  --from <env>           optional check: the environment you expect to promote from
  --digest sha256:<hex>  optional check: the digest you expect to promote (e.g. the one you tested)
  --git                  create the promotion branch and commit
${ROOT_HELP}
  --help                 show this text`;

export const promoteCommand: Command = {
  name: 'promote',
  help: HELP,
  writesRepository: true,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, {
      to: { type: 'string' },
      from: { type: 'string' },
      digest: { type: 'string' },
      git: { type: 'boolean' },
      ...ROOT_OPTION,
    });
    const [app, ...extra] = positionals;
    if (!app || extra.length > 0) throw new UsageError('expected exactly one <app>');
    if (!values.to) throw new UsageError('--to <env> is required');
    const expectedDigest = values.digest === undefined ? undefined : parseDigest(values.digest);

    const state = loadRepositoryState(resolveRoot(values.root), await context.loadApps());
    requireApp(state, app);
    const target = requireEnvironment(state, values.to);
    const from = sourceEnvironment(state, values.to, values.from);
    const source = state.environments.get(from)!.images[app]!;
    const current = target.images[app]!;
    if (expectedDigest !== undefined && expectedDigest !== source.digest) {
      throw new Refusal(`${from} does not run ${app}@${shortDigest(expectedDigest)} (it runs ${shortDigest(source.digest)}); only what ${from} runs can be promoted to ${values.to}`);
    }
    if (!isAllowedRegistry(source.repository, target.platform.allowedRegistries)) {
      throw new Refusal(`registry of '${source.repository}' is not allowed in ${values.to}, expected one of: ${target.platform.allowedRegistries.join(', ')}`);
    }
    if (sameImage(source, current)) {
      context.out(`${values.to}: ${app} already runs ${imageText(source)} like ${from}; nothing to promote.`);
      return 0;
    }

    const promotion: Promotion = { app, from, to: values.to, image: source, replaces: current };
    const git = values.git ? await prepareGit(state, promotion) : undefined;
    const applied = await applyImage(state.root, state.catalog, promotion.to, app, source);
    context.out(`${promotion.to}: ${app} ${shortDigest(current.digest)} -> ${shortDigest(source.digest)} (from ${from}; ${imagesFilePath(promotion.to)}, dist/${promotion.to}/ re-rendered)`);
    context.out(formatDistDiff(applied.changes, { environments: [promotion.to], title: `Rendered changes in dist/${promotion.to}:` }));
    if (!git) return 0;

    const outside = applied.changes.filter((c) => !c.file.startsWith(`${promotion.to}/apps/${app}/`));
    if (outside.length > 0) {
      await applied.undo();
      throw new Refusal(`re-rendering changed files outside dist/${promotion.to}/apps/${app}/: ${outside.map((c) => c.file).join(', ')}; a promotion commit may only hold the app's own files`);
    }
    git.run(['switch', '--quiet', '-c', git.branch]);
    git.run(['add', '--all', '--', imagesFilePath(promotion.to), `dist/${promotion.to}/apps/${app}`]);
    git.run(['commit', '--quiet', '-m', commitMessage(promotion, applied.changes)]);
    const commit = git.run(['rev-parse', '--short', 'HEAD']).trim();
    context.out(`Created branch ${git.branch} with commit ${commit}. Push it and open a pull request:\n  git push -u origin ${git.branch}`);
    return 0;
  },
};

interface Promotion {
  readonly app: string;
  readonly from: string;
  readonly to: string;
  readonly image: ImageRef;
  readonly replaces: ImageRef;
}

/** The environment right before `to` in the chain; `--from`, when given, must be exactly that one. */
function sourceEnvironment(state: RepositoryState, to: string, from: string | undefined): string {
  const index = state.chain.indexOf(to);
  if (index === 0) throw new Refusal(`${to} is the first environment of the chain (${state.chain.join(' -> ')}); images enter it with npm run set-image`);
  const previous = state.chain[index - 1]!;
  if (from !== undefined && from !== previous) {
    requireEnvironment(state, from);
    const fromIndex = state.chain.indexOf(from);
    const reason = fromIndex < index - 1 ? `that skips ${state.chain.slice(fromIndex + 1, index).join(', ')}` : `${from} does not come before ${to}`;
    throw new Refusal(`cannot promote from ${from} to ${to}: ${reason}; promotion follows ${state.chain.join(' -> ')}, so ${to} takes images from ${previous}`);
  }
  return previous;
}

/** Checks everything Git-related before a single file is touched. */
async function prepareGit(state: RepositoryState, promotion: Promotion): Promise<Git & { branch: string }> {
  const git = new Git(state.root);
  if (!git.isRepository()) throw new Refusal(`--git needs a Git repository, but ${state.root} is not one`);
  const dirty = git.dirtyPaths();
  if (dirty.length > 0) {
    throw new Refusal(`the working tree is not clean (${dirty.length} path(s), e.g. '${dirty[0]!.slice(3)}'); commit or stash first, so the promotion commit holds only the promotion`);
  }
  const branch = `promote/${promotion.app}-${promotion.to}-${shortDigest(promotion.image.digest).slice('sha256:'.length)}`;
  if (git.branchExists(branch)) throw new Refusal(`branch ${branch} already exists; this promotion was already prepared`);
  const stale = await staleDistFiles(state.root, state.catalog, promotion.to);
  if (stale.length > 0) {
    throw new Refusal(`dist/${promotion.to}/ is not current (${stale.length} file(s) differ from a fresh render, e.g. ${stale[0]}); run npm run synth and commit dist/ first`);
  }
  return Object.assign(git, { branch });
}

function commitMessage(p: Promotion, changes: readonly ObjectChange[]): string {
  return [
    `Promote ${p.app} ${p.from} -> ${p.to}: ${shortDigest(p.image.digest)}`,
    '',
    `${p.to} now runs the ${p.app} image that ${p.from} runs.`,
    '',
    `app:      ${p.app}`,
    `from:     ${p.from}`,
    `to:       ${p.to}`,
    `image:    ${p.image.repository}`,
    `digest:   ${p.image.digest}`,
    `replaces: ${p.replaces.repository === p.image.repository ? p.replaces.digest : imageText(p.replaces)}`,
    '',
    ...changes.map((c) => `${c.kind} ${c.file}`),
  ].join('\n');
}
