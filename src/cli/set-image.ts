import type { ImageRef } from '../config/overlay-schemas';
import { BREAK_GLASS_HELP, BREAK_GLASS_OPTION, parseBreakGlassReason } from './lib/break-glass';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import type { ObjectChange } from './lib/dist-diff';
import { GIT_HELP, GIT_OPTIONS, onCheckoutOrWorktree } from './lib/git-options';
import { breakGlassLines, changeBranch, changeEdits, type ImageChange, replacedDigest, replacedImage, requireAllowedRegistry, writeImageChange } from './lib/image-change';
import { imageText, parseImageReference, sameImage, shortDigest } from './lib/image-reference';
import { imagesFilePath, loadRepositoryState, requireApp, requireEnvironment, type RepositoryState } from './lib/repository-state';
import { allClusters, hasClusterFiles, rolloutOf, waveLabel, type ClusterImage } from './lib/rollout';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run set-image -- <app> --image <repository>@sha256:<digest> [--env <env>] [--git [--base <ref>]]

Sets the image of <app> in the first environment of the chain (overlays/environments.yaml, e.g.
dev), in overlays/<env>/images.yaml (only that value; comments and formatting are kept), and
re-renders dist/<env>/. The entry point for CI after a build. Later environments are not set
directly: they take images by promotion (npm run promote), so every image runs in each
environment before the next.

An environment that lists its clusters in waves gets the image in its first wave only (in
those clusters' files, overlays/<env>/clusters/<cluster>.yaml); the later waves take it with
npm run promote -- <app> --to <env> --wave <name>. That holds for --break-glass too: an
incident fix meets the canary first.

With --git: works in a temporary Git worktree at --base (default HEAD), never in your checkout,
and creates branch set-image/<app>-<env>[-<wave>]-<short digest> holding one commit with exactly
the overlay files changed and the app's files in dist/<env>/<cluster>/apps/<app>/.

Refused, with nothing changed: an environment after the first (without --break-glass); a tag
(or latest) instead of a digest, a malformed digest, a registry not in allowedRegistries of
every cluster of the wave (platform.yaml, or a cluster's override), an unknown app or
environment.

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
      requireEnvironment(state, env);
      requireDirectlySettable(state, app, env, image, breakGlass);
      const rollout = rolloutOf(state, env, app);
      const change: ImageChange = { app, env, rollout, wave: rollout.waves[0]!, image, breakGlass };
      requireAllowedRegistry(change);
      const target = waveLabel(rollout, change.wave);
      const replaces = change.wave.clusters;
      if (replaces.every((cluster) => sameImage(cluster.image, image) && cluster.breakGlass === breakGlass)) {
        context.out(`${target}: ${app} already runs ${imageText(image)}; nothing changed.`);
        return 0;
      }
      const edits = changeEdits(state, change);
      const headline = `${target}: ${app} ${replacedDigest(replaces)} -> ${shortDigest(image.digest)}${breakGlass === undefined ? '' : ` by break-glass ("${breakGlass}")`} (${edits.map((edit) => edit.file).join(', ')}, dist/${env}/ re-rendered)`;
      const commit = worktree && { worktree, branch: changeBranch('set-image', change), message: (changes: readonly ObjectChange[]) => commitMessage(change, replaces, changes) };
      await writeImageChange(state, change, edits, headline, context, commit);
      const next = rollout.waves[1];
      if (next !== undefined) context.out(`next: once ${target} is healthy, npm run promote -- ${app} --to ${env} --wave ${next.name} --digest ${image.digest}`);
      return 0;
    });
  },
};

/**
 * Only the first environment is set directly; a later one only by break-glass, and only with an
 * image the previous environment does not run on every cluster (that one is promoted instead).
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
        `In an incident, --break-glass "<reason>" sets ${env} directly and records the reason in ${imagesFilePath(env)}${rolloutOf(state, env, app).waves.length > 1 ? ' (its first wave: the clusters\' files)' : ''}.`,
      ].join('\n'),
    );
  }
  const previous = state.chain[index - 1]!;
  if (allClusters(rolloutOf(state, previous, app)).every((cluster) => sameImage(cluster.image, image))) {
    throw new Refusal(`${previous} runs ${imageText(image)} already, so no break-glass is needed; promote it: npm run promote -- ${app} --to ${env} --digest ${image.digest}`);
  }
}

/**
 * The commands that bring `image` to the first wave of `env` the normal way: from the last wave
 * before it whose clusters all run it (or set in the first one), one promotion per wave, every
 * wave of each environment on the way.
 */
function promotionPath(state: RepositoryState, app: string, env: string, image: ImageRef): string[] {
  const steps = state.chain.slice(0, state.chain.indexOf(env) + 1).flatMap((name) => {
    const rollout = rolloutOf(state, name, app);
    return (name === env ? rollout.waves.slice(0, 1) : rollout.waves).map((wave) => ({ env: name, wave }));
  });
  const target = steps.length - 1;
  let start = target - 1;
  while (start >= 0 && !steps[start]!.wave.clusters.every((cluster) => sameImage(cluster.image, image))) start -= 1;
  const commands = start < 0 ? [`npm run set-image -- ${app} --image ${imageText(image)}`] : [];
  for (let index = Math.max(start, 0) + 1; index <= target; index += 1) {
    const { env: name, wave } = steps[index]!;
    commands.push(`npm run promote -- ${app} --to ${name}${wave.number === 1 ? '' : ` --wave ${wave.name}`} --digest ${image.digest}`);
  }
  return commands;
}

function commitMessage(change: ImageChange, replaces: readonly ClusterImage[], changes: readonly ObjectChange[]): string {
  const { app, env, rollout, wave, image, breakGlass } = change;
  const target = waveLabel(rollout, wave);
  return [
    `Set ${app} in ${target}: ${shortDigest(image.digest)}${breakGlass === undefined ? '' : ' (break-glass)'}`,
    '',
    breakGlass === undefined ? `${target} runs the ${app} image a build produced.` : `${target} runs this ${app} image directly, not by promotion: ${breakGlass}`,
    '',
    `app:      ${app}`,
    `env:      ${env}`,
    ...(hasClusterFiles(rollout) ? [`clusters: ${wave.clusters.map((c) => c.cluster).join(', ')}`] : []),
    `image:    ${image.repository}`,
    `digest:   ${image.digest}`,
    `replaces: ${replacedImage(replaces, image)}`,
    ...breakGlassLines(replaces.find((c) => c.breakGlass !== undefined)?.breakGlass, breakGlass),
    '',
    ...changes.map((c) => `${c.kind} ${c.file}`),
  ].join('\n');
}
