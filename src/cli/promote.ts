import type { ImageRef } from '../config/overlay-schemas';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import type { ObjectChange } from './lib/dist-diff';
import { GIT_HELP, GIT_OPTIONS, onCheckoutOrWorktree } from './lib/git-options';
import { breakGlassLines, changeBranch, type ImageChange, writeImageChange } from './lib/image-change';
import { imageText, isAllowedRegistry, parseDigest, sameImage, shortDigest } from './lib/image-reference';
import { imagesFilePath, loadRepositoryState, requireApp, requireEnvironment, type RepositoryState } from './lib/repository-state';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run promote -- <app> --to <env> [--from <env>] [--digest sha256:<hex>] [--git [--base <ref>]]

Copies <app>'s image (repository and digest) from the environment before <env> in the chain
(overlays/environments.yaml, e.g. dev -> staging -> prod) into overlays/<env>/images.yaml,
changing only that value (comments and formatting are kept), re-renders dist/<env>/ and prints
what changed. A break-glass mark travels with the image: promoting a break-glass image carries
its reason on, promoting any other image removes the mark.

With --git: works in a temporary Git worktree at --base (default HEAD), never in your checkout,
and creates branch promote/<app>-<env>-<short digest> holding one commit with exactly
overlays/<env>/images.yaml and the app's files in dist/<env>/apps/<app>/, ready to push and open
as a pull request. Your working tree, index and current branch stay as they are (uncommitted
changes are allowed, and are not part of the promotion). Promotions of different apps on
separate branches merge without conflicts, and may run at the same time.

Refused, with nothing changed: unknown app or environment; --from that is not the environment
right before --to (no skipping, e.g. dev -> prod); --digest that is a tag or malformed, or that
the previous environment does not run; with --git, a --base that is not a commit, an existing
branch or a dist/<env>/ that is not current at the base.

  --to <env>             environment to promote into
  --from <env>           optional check: the environment you expect to promote from
  --digest sha256:<hex>  optional check: the digest you expect to promote (e.g. the one you tested)
  --git                  create the promotion branch and commit (in a temporary worktree)
${GIT_HELP}
${ROOT_HELP}
  --help                 show this text`;

interface Request {
  readonly app: string;
  readonly to: string;
  readonly from: string | undefined;
  readonly digest: string | undefined;
}

export const promoteCommand: Command = {
  name: 'promote',
  help: HELP,
  writesRepository: true,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, {
      to: { type: 'string' },
      from: { type: 'string' },
      digest: { type: 'string' },
      ...GIT_OPTIONS,
      ...ROOT_OPTION,
    });
    const [app, ...extra] = positionals;
    if (!app || extra.length > 0) throw new UsageError('expected exactly one <app>');
    if (!values.to) throw new UsageError('--to <env> is required');
    const request: Request = { app, to: values.to, from: values.from, digest: values.digest === undefined ? undefined : parseDigest(values.digest) };
    const catalog = await context.loadApps();

    return onCheckoutOrWorktree('promote', resolveRoot(values.root), values, context, async (root, worktree) => {
      const state = loadRepositoryState(root, catalog);
      const promotion = planPromotion(state, request);
      if (promotion === undefined) {
        const target = state.environments.get(request.to)!.images[app]!;
        context.out(`${request.to}: ${app} already runs ${imageText(target)} like ${previousEnvironment(state, request.to)}; nothing to promote.`);
        return 0;
      }
      const { change, from, replaces } = promotion;
      const headline = sameImage(change.image, replaces)
        ? `${change.env}: ${app} runs ${shortDigest(change.image.digest)} like ${from}; ${change.breakGlass === undefined ? 'break-glass mark removed' : `break-glass mark "${change.breakGlass}" carried over`} (${imagesFilePath(change.env)})`
        : `${change.env}: ${app} ${shortDigest(replaces.digest)} -> ${shortDigest(change.image.digest)} (from ${from}; ${imagesFilePath(change.env)}, dist/${change.env}/ re-rendered)`;
      const commit = worktree && { worktree, branch: changeBranch('promote', change), message: (changes: readonly ObjectChange[]) => commitMessage(promotion, changes) };
      await writeImageChange(state, change, headline, context, commit);
      if (change.breakGlass !== undefined) {
        context.out(`note: ${from} runs this image by break-glass ("${change.breakGlass}"); ${change.env} carries the mark too`);
      }
      return 0;
    });
  },
};

interface Promotion {
  readonly change: ImageChange;
  readonly from: string;
  readonly replaces: ImageRef;
  readonly replacedMark: string | undefined;
}

/**
 * Checks the request against the repository and returns what to write, or undefined when the
 * target already runs the source's image with the same mark.
 */
function planPromotion(state: RepositoryState, request: Request): Promotion | undefined {
  const { app, to } = request;
  requireApp(state, app);
  const target = requireEnvironment(state, to);
  const from = sourceEnvironment(state, to, request.from);
  const source = state.environments.get(from)!.images[app]!;
  const current = target.images[app]!;
  if (request.digest !== undefined && request.digest !== source.digest) {
    throw new Refusal(`${from} does not run ${app}@${shortDigest(request.digest)} (it runs ${shortDigest(source.digest)}); only what ${from} runs can be promoted to ${to}`);
  }
  if (!isAllowedRegistry(source.repository, target.platform.allowedRegistries)) {
    throw new Refusal(`registry of '${source.repository}' is not allowed in ${to}, expected one of: ${target.platform.allowedRegistries.join(', ')}`);
  }
  // The mark follows the image: what the source carries (or nothing) is what the target gets.
  const sourceMark = state.breakGlass.get(from)!.get(app);
  const currentMark = state.breakGlass.get(to)!.get(app);
  if (sameImage(source, current) && sourceMark === currentMark) return undefined;
  return { change: { app, env: to, image: source, breakGlass: sourceMark }, from, replaces: current, replacedMark: currentMark };
}

function previousEnvironment(state: RepositoryState, env: string): string {
  return state.chain[state.chain.indexOf(env) - 1]!;
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

function commitMessage(p: Promotion, changes: readonly ObjectChange[]): string {
  const { app, env, image, breakGlass } = p.change;
  return [
    `Promote ${app} ${p.from} -> ${env}: ${shortDigest(image.digest)}`,
    '',
    `${env} now runs the ${app} image that ${p.from} runs.`,
    '',
    `app:      ${app}`,
    `from:     ${p.from}`,
    `to:       ${env}`,
    `image:    ${image.repository}`,
    `digest:   ${image.digest}`,
    `replaces: ${p.replaces.repository === image.repository ? p.replaces.digest : imageText(p.replaces)}`,
    ...breakGlassLines(p.replacedMark, breakGlass),
    '',
    ...changes.map((c) => `${c.kind} ${c.file}`),
  ].join('\n');
}
