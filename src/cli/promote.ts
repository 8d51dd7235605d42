import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import type { ObjectChange } from './lib/dist-diff';
import { GIT_HELP, GIT_OPTIONS, onCheckoutOrWorktree } from './lib/git-options';
import { breakGlassLines, changeBranch, changeEdits, type ImageChange, replacedDigest, replacedImage, requireAllowedRegistry, writeImageChange } from './lib/image-change';
import { imageText, parseDigest, sameImage, shortDigest } from './lib/image-reference';
import { loadRepositoryState, requireApp, requireEnvironment, type RepositoryState } from './lib/repository-state';
import { allClusters, commonImage, describeImages, hasClusterFiles, rolloutOf, waveLabel, waveNamed, type ClusterImage, type Rollout, type Wave } from './lib/rollout';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run promote -- <app> --to <env> [--wave <name>] [--from <env>] [--digest sha256:<hex>] [--git [--base <ref>]]

Copies <app>'s image (repository and digest) from the environment before <env> in the chain
(overlays/environments.yaml, e.g. dev -> staging -> prod) into <env>, changing only that value
(comments and formatting are kept), re-renders dist/<env>/ and prints what changed. A
break-glass mark travels with the image: promoting a break-glass image carries its reason on,
promoting any other image removes the mark.

An environment that lists its clusters in waves (environment.yaml waves) takes an image wave by
wave: --to <env> sets the first wave, and --wave <name> sets a later one with the image every
cluster of the wave before it runs. A wave before the last holds the digest in its clusters'
files (overlays/<env>/clusters/<cluster>.yaml images.<app>); the last wave settles it in
overlays/<env>/images.yaml and the overrides that now say the same are removed. The next
environment takes only an image every cluster of <env> runs. Without waves, an environment has
one wave: one digest in overlays/<env>/images.yaml.

With --git: works in a temporary Git worktree at --base (default HEAD), never in your checkout,
and creates branch promote/<app>-<env>[-<wave>]-<short digest> (the wave when <env> has several)
holding one commit with exactly the overlay files changed and the app's files in
dist/<env>/<cluster>/apps/<app>/ of every cluster whose render changed, ready to push and open
as a pull request. Your working tree, index and current branch stay as they are (uncommitted
changes are allowed, and are not part of the promotion). Promotions of different apps on
separate branches merge without conflicts, and may run at the same time (except into one wave
of an environment with waves: both edit its clusters' files; merge one, then run the other again).

Refused, with nothing changed: unknown app, environment or wave; --from that is not the
environment right before --to (no skipping, e.g. dev -> prod); a previous environment whose
clusters run different images (it has not finished its own waves); a wave whose previous wave
does not run the image on every cluster (waves are taken in order); --digest that is a tag or
malformed, or that the source does not run; a registry a target cluster does not allow; with
--git, a --base that is not a commit, an existing branch or app files in dist/<env>/ (the
folders the commit holds) that are not current at the base.

  --to <env>             environment to promote into (its first wave)
  --wave <name>          a later wave of <env>, from the wave before it
  --from <env>           optional check: the environment you expect to promote from (for a
                         later wave: <env> itself)
  --digest sha256:<hex>  optional check: the digest you expect to promote (e.g. the one you tested)
  --git                  create the promotion branch and commit (in a temporary worktree)
${GIT_HELP}
${ROOT_HELP}
  --help                 show this text`;

interface Request {
  readonly app: string;
  readonly to: string;
  readonly wave: string | undefined;
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
      wave: { type: 'string' },
      from: { type: 'string' },
      digest: { type: 'string' },
      ...GIT_OPTIONS,
      ...ROOT_OPTION,
    });
    const [app, ...extra] = positionals;
    if (!app || extra.length > 0) throw new UsageError('expected exactly one <app>');
    if (!values.to) throw new UsageError('--to <env> is required');
    const request: Request = { app, to: values.to, wave: values.wave, from: values.from, digest: values.digest === undefined ? undefined : parseDigest(values.digest) };
    const catalog = await context.loadApps();

    return onCheckoutOrWorktree('promote', resolveRoot(values.root), values, context, async (root, worktree) => {
      const state = loadRepositoryState(root, catalog);
      const promotion = planPromotion(state, request);
      const { change, from, replaces } = promotion;
      const target = waveLabel(change.rollout, change.wave);
      if (promotion.unchanged) {
        context.out(`${target}: ${app} already runs ${imageText(change.image)} like ${from}; nothing to promote.`);
        return 0;
      }
      const edits = changeEdits(state, change);
      const files = edits.map((edit) => edit.file).join(', ');
      const headline = replaces.every((cluster) => sameImage(cluster.image, change.image))
        ? `${target}: ${app} runs ${shortDigest(change.image.digest)} like ${from}; ${change.breakGlass === undefined ? 'break-glass mark removed' : `break-glass mark "${change.breakGlass}" carried over`} (${files})`
        : `${target}: ${app} ${replacedDigest(replaces)} -> ${shortDigest(change.image.digest)} (from ${from}; ${files}, dist/${change.env}/ re-rendered)`;
      const commit = worktree && { worktree, branch: changeBranch('promote', change), message: (changes: readonly ObjectChange[]) => commitMessage(promotion, changes) };
      await writeImageChange(state, change, edits, headline, context, commit);
      if (change.breakGlass !== undefined) {
        context.out(`note: ${from} runs this image by break-glass ("${change.breakGlass}"); ${target} carries the mark too`);
      }
      const next = change.rollout.waves[change.wave.number];
      if (next !== undefined) {
        context.out(`next: once ${target} is healthy, npm run promote -- ${app} --to ${change.env} --wave ${next.name} --digest ${change.image.digest}`);
      }
      return 0;
    });
  },
};

interface Promotion {
  readonly change: ImageChange;
  /** Where the image comes from: the previous environment, or the previous wave ("<env> wave <name>"). */
  readonly from: string;
  /** The wave's clusters as they were. */
  readonly replaces: readonly ClusterImage[];
  /** Every cluster of the wave already runs the image with the same mark: nothing to write. */
  readonly unchanged: boolean;
}

/** Checks the request against the repository and returns what to write. */
function planPromotion(state: RepositoryState, request: Request): Promotion {
  const { app, to } = request;
  requireApp(state, app);
  requireEnvironment(state, to);
  const rollout = rolloutOf(state, to, app);
  const wave = targetWave(rollout, request.wave);
  const source = wave.number === 1 ? previousEnvironment(state, rollout, request.from) : previousWave(rollout, wave, request.from);
  const target = waveLabel(rollout, wave);
  if (request.digest !== undefined) {
    const lacking = source.clusters.filter((cluster) => cluster.image.digest !== request.digest);
    if (lacking.length > 0) {
      // An environment without waves is its one cluster; otherwise the clusters that lack the digest are named.
      const named = source.clusters[0]!.overlayFile !== undefined;
      const who = named ? `${lacking.map((c) => c.cluster).join(', ')} (${source.label})` : source.label;
      const runs = named ? describeImages(lacking) : `it runs ${shortDigest(lacking[0]!.image.digest)}`;
      const what = named ? `what every cluster of ${source.label} runs` : `what ${source.label} runs`;
      throw new Refusal(`${who} ${lacking.length === 1 ? 'does' : 'do'} not run ${app}@${shortDigest(request.digest)} (${runs}); only ${what} can be promoted to ${target}`);
    }
  }
  const common = commonImage(source.clusters);
  if (common === undefined) {
    throw new Refusal(`the clusters of ${source.label} run different ${app} images (${describeImages(source.clusters)}): ${source.unfinished}; ${target} takes only an image every one of them runs`);
  }
  const change: ImageChange = { app, env: to, rollout, wave, image: common.image, breakGlass: common.breakGlass };
  requireAllowedRegistry(change);
  const unchanged = wave.clusters.every((cluster) => sameImage(cluster.image, common.image) && cluster.breakGlass === common.breakGlass);
  return { change, from: source.label, replaces: wave.clusters, unchanged };
}

function targetWave(rollout: Rollout, name: string | undefined): Wave {
  if (name === undefined) return rollout.waves[0]!;
  const wave = waveNamed(rollout, name);
  if (wave === undefined) {
    const known = rollout.waves.length === 1 && !hasClusterFiles(rollout) ? `${rollout.env} has no waves (one cluster; its wave is named ${rollout.env})` : `the waves of ${rollout.env} are ${rollout.waves.map((w) => w.name).join(' -> ')}`;
    throw new Refusal(`unknown wave '${name}': ${known} (overlays/${rollout.env}/environment.yaml waves)`);
  }
  return wave;
}

interface Source {
  readonly label: string;
  readonly clusters: readonly ClusterImage[];
  /** What to do when its clusters disagree. */
  readonly unfinished: string;
}

/** The first wave takes from every cluster of the environment right before `to` (`--from`, when given, must be that one). */
function previousEnvironment(state: RepositoryState, rollout: Rollout, from: string | undefined): Source {
  const to = rollout.env;
  const index = state.chain.indexOf(to);
  if (index === 0) throw new Refusal(`${to} is the first environment of the chain (${state.chain.join(' -> ')}); images enter it with npm run set-image${rollout.waves.length > 1 ? `, and its later waves take them with --wave (${rollout.waves.slice(1).map((w) => w.name).join(', ')})` : ''}`);
  const previous = state.chain[index - 1]!;
  if (from !== undefined && from !== previous) {
    requireEnvironment(state, from);
    const fromIndex = state.chain.indexOf(from);
    const reason = fromIndex < index - 1 ? `that skips ${state.chain.slice(fromIndex + 1, index).join(', ')}` : `${from} does not come before ${to}`;
    throw new Refusal(`cannot promote from ${from} to ${to}: ${reason}; promotion follows ${state.chain.join(' -> ')}, so ${to} takes images from ${previous}`);
  }
  const source = rolloutOf(state, previous, rollout.app);
  return { label: previous, clusters: allClusters(source), unfinished: `${previous} has not finished its own waves (npm run status shows what is pending there)` };
}

/** A later wave takes from every cluster of the wave before it, in the same environment. */
function previousWave(rollout: Rollout, wave: Wave, from: string | undefined): Source {
  const previous = rollout.waves[wave.number - 2]!;
  const label = waveLabel(rollout, previous);
  if (from !== undefined && from !== rollout.env) {
    throw new Refusal(`cannot promote from ${from} to ${waveLabel(rollout, wave)}: a later wave takes images from the wave before it, ${label} (--from ${rollout.env} or none)`);
  }
  return { label, clusters: previous.clusters, unfinished: `set ${label} to one image first (npm run promote -- ${rollout.app} --to ${rollout.env}${previous.number === 1 ? '' : ` --wave ${previous.name}`})` };
}

function commitMessage(p: Promotion, changes: readonly ObjectChange[]): string {
  const { app, rollout, wave, image, breakGlass } = p.change;
  const target = waveLabel(rollout, wave);
  const replacedMark = p.replaces.find((cluster) => cluster.breakGlass !== undefined)?.breakGlass;
  return [
    `Promote ${app} ${p.from} -> ${target}: ${shortDigest(image.digest)}`,
    '',
    `${target} now runs the ${app} image that ${p.from} runs.`,
    '',
    `app:      ${app}`,
    `from:     ${p.from}`,
    `to:       ${target}`,
    ...(hasClusterFiles(rollout) ? [`clusters: ${wave.clusters.map((c) => c.cluster).join(', ')}`] : []),
    `image:    ${image.repository}`,
    `digest:   ${image.digest}`,
    `replaces: ${replacedImage(p.replaces, image)}`,
    ...breakGlassLines(replacedMark, breakGlass),
    '',
    ...changes.map((c) => `${c.kind} ${c.file}`),
  ].join('\n');
}
