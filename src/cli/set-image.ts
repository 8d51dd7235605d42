import type { ImageRef } from '../config/overlay-schemas';
import { BREAK_GLASS_HELP, BREAK_GLASS_OPTION, parseBreakGlassReason } from './lib/break-glass';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import type { ObjectChange } from './lib/dist-diff';
import { GIT_HELP, GIT_OPTIONS, onCheckoutOrWorktree } from './lib/git-options';
import { breakGlassLines, changeBranch, type ImageChange, writeImageChange } from './lib/image-change';
import { imageText, isAllowedRegistry, parseImageReference, sameImage, shortDigest } from './lib/image-reference';
import { imagesFilePath, loadRepositoryState, requireApp, requireEnvironment, type RepositoryState } from './lib/repository-state';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run set-image -- <app> --image <repository>@sha256:<digest> [--env <env>] [--git [--base <ref>]]

Sets the image of <app> in the first environment of the chain (overlays/environments.yaml, e.g.
dev), in overlays/<env>/images.yaml (only that value; comments and formatting are kept), and
re-renders dist/<env>/. The entry point for CI after a build. Later environments are not set
directly: they take images by promotion (npm run promote), so every image runs in each
environment before the next.

With --git: works in a temporary Git worktree at --base (default HEAD), never in your checkout,
and creates branch set-image/<app>-<env>-<short digest> holding one commit with exactly
overlays/<env>/images.yaml and the app's files in dist/<env>/apps/<app>/.

Refused, with nothing changed: an environment after the first (without --break-glass); a tag
(or latest) instead of a digest, a malformed digest, a registry not in the environment's
platform.yaml allowedRegistries, an unknown app or environment.

  --image <ref>          <repository>@sha256:<64 hex>, e.g. the digest your build pushed
  --env <env>            environment whose overlay to change (default: the first environment)
${BREAK_GLASS_HELP}
  --git                  create the branch and commit (in a temporary worktree)
${GIT_HELP}
${ROOT_HELP}
  --help                 show this text`;

export const setImageCommand: Command = {
  name: 'set-image',
  help: HELP,
  writesRepository: true,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, { env: { type: 'string' }, image: { type: 'string' }, ...BREAK_GLASS_OPTION, ...GIT_OPTIONS, ...ROOT_OPTION });
    const [app, ...extra] = positionals;
    if (!app || extra.length > 0) throw new UsageError('expected exactly one <app>');
    if (!values.image) throw new UsageError('--image <repository>@sha256:<digest> is required');
    const image = parseImageReference(values.image);
    const breakGlass = values['break-glass'] === undefined ? undefined : parseBreakGlassReason(values['break-glass']);
    const catalog = await context.loadApps();

    return onCheckoutOrWorktree('set-image', resolveRoot(values.root), values, context, async (root, worktree) => {
      const state = loadRepositoryState(root, catalog);
      requireApp(state, app);
      const env = values.env ?? state.chain[0]!;
      const environment = requireEnvironment(state, env);
      requireDirectlySettable(state, app, env, image, breakGlass);
      if (!isAllowedRegistry(image.repository, environment.platform.allowedRegistries)) {
        throw new Refusal(`registry of '${image.repository}' is not allowed in ${env}, expected one of: ${environment.platform.allowedRegistries.join(', ')} (overlays/${env}/platform.yaml allowedRegistries)`);
      }
      const current = environment.images[app]!;
      const currentMark = state.breakGlass.get(env)!.get(app);
      if (sameImage(current, image) && currentMark === breakGlass) {
        context.out(`${env}: ${app} already runs ${imageText(image)}; nothing changed.`);
        return 0;
      }
      const change: ImageChange = { app, env, image, breakGlass };
      const headline = `${env}: ${app} ${shortDigest(current.digest)} -> ${shortDigest(image.digest)}${breakGlass === undefined ? '' : ` by break-glass ("${breakGlass}")`} (${imagesFilePath(env)}, dist/${env}/ re-rendered)`;
      const commit = worktree && { worktree, branch: changeBranch('set-image', change), message: (changes: readonly ObjectChange[]) => commitMessage(change, current, currentMark, changes) };
      await writeImageChange(state, change, headline, context, commit);
      return 0;
    });
  },
};

/**
 * Only the first environment is set directly; a later one only by break-glass, and only with an
 * image the previous environment does not run (that one is promoted instead).
 */
function requireDirectlySettable(state: RepositoryState, app: string, env: string, image: ImageRef, breakGlass: string | undefined): void {
  const first = state.chain[0]!;
  const index = state.chain.indexOf(env);
  if (index === 0) {
    if (breakGlass !== undefined) throw new Refusal(`--break-glass is for environments after ${first}; ${first} is set directly, without it`);
    return;
  }
  if (breakGlass === undefined) {
    throw new Refusal(
      [
        `${env} is not the first environment of the chain (${state.chain.join(' -> ')}): images are set in ${first} and reach ${env} by promotion, so they run in each environment before the next. Instead run:`,
        ...promotionPath(state, app, env, image).map((command) => `  ${command}`),
        `In an incident, --break-glass "<reason>" sets ${env} directly and records the reason in ${imagesFilePath(env)}.`,
      ].join('\n'),
    );
  }
  const previous = state.chain[index - 1]!;
  if (sameImage(state.environments.get(previous)!.images[app], image)) {
    throw new Refusal(`${previous} runs ${imageText(image)} already, so no break-glass is needed; promote it: npm run promote -- ${app} --to ${env} --digest ${image.digest}`);
  }
}

/**
 * The commands that bring `image` to `env` the normal way: from the last environment before
 * `env` that runs it (or set in the first one), one promotion per environment.
 */
function promotionPath(state: RepositoryState, app: string, env: string, image: ImageRef): string[] {
  const target = state.chain.indexOf(env);
  let start = target - 1;
  while (start >= 0 && !sameImage(state.environments.get(state.chain[start]!)!.images[app], image)) start -= 1;
  const commands = start < 0 ? [`npm run set-image -- ${app} --image ${imageText(image)}`] : [];
  for (let index = Math.max(start, 0) + 1; index <= target; index += 1) commands.push(`npm run promote -- ${app} --to ${state.chain[index]} --digest ${image.digest}`);
  return commands;
}

function commitMessage(change: ImageChange, replaces: ImageRef, replacedMark: string | undefined, changes: readonly ObjectChange[]): string {
  const { app, env, image, breakGlass } = change;
  return [
    `Set ${app} in ${env}: ${shortDigest(image.digest)}${breakGlass === undefined ? '' : ' (break-glass)'}`,
    '',
    breakGlass === undefined ? `${env} runs the ${app} image a build produced.` : `${env} runs this ${app} image directly, not by promotion: ${breakGlass}`,
    '',
    `app:      ${app}`,
    `env:      ${env}`,
    `image:    ${image.repository}`,
    `digest:   ${image.digest}`,
    `replaces: ${replaces.repository === image.repository ? replaces.digest : imageText(replaces)}`,
    ...breakGlassLines(replacedMark, breakGlass),
    '',
    ...changes.map((c) => `${c.kind} ${c.file}`),
  ].join('\n');
}
