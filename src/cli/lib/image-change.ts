import type { ImageRef } from '../../config/overlay-schemas';
import { applyImage } from './apply-image';
import { type CommandIo, Refusal } from './command';
import { staleAppFiles } from './app-folders-current';
import { formatDistDiff, type ObjectChange } from './dist-diff';
import { imageText, isAllowedRegistry, shortDigest } from './image-reference';
import type { RepositoryState } from './repository-state';
import { commonImage, describeImages, waveLabel, type ClusterImage, type Rollout, type Wave } from './rollout';
import type { TemporaryWorktree } from './temporary-worktree';
import { waveEdits, type OverlayEdit } from './wave-edits';

/** One app's image in one wave of one environment, as set-image and promote write it. */
export interface ImageChange {
  readonly app: string;
  readonly env: string;
  /** The app in the environment, wave by wave, before the change. */
  readonly rollout: Rollout;
  /** The wave whose clusters get the image (the last one settles it in images.yaml). */
  readonly wave: Wave;
  readonly image: ImageRef;
  /** The break-glass reason the entry carries afterwards; undefined removes a mark. */
  readonly breakGlass: string | undefined;
}

/** Where a change is committed with --git: a branch of its own, made in a temporary worktree. */
export interface ChangeCommit {
  readonly worktree: TemporaryWorktree;
  readonly branch: string;
  readonly message: (changes: readonly ObjectChange[]) => string;
}

/**
 * Branch name of a change: <kind>/<app>-<env>-<12 hex of the digest>, with the wave's name
 * before the digest when the environment has several waves (each wave is its own pull request).
 */
export function changeBranch(kind: string, change: ImageChange): string {
  const wave = change.rollout.waves.length > 1 ? `-${change.wave.name}` : '';
  return `${kind}/${change.app}-${change.env}${wave}-${shortDigest(change.image.digest).slice('sha256:'.length)}`;
}

/** The overlay edits of a change (computed before anything is written; may refuse an overlay it cannot edit). */
export function changeEdits(state: RepositoryState, change: ImageChange): OverlayEdit[] {
  return waveEdits(state, change.rollout, change.wave, change.image, change.breakGlass);
}

/**
 * Writes `edits` into `state.root` (overlay files, then the re-rendered dist/<env>/), prints
 * `headline` and the rendered changes, and with `commit` commits exactly the edited overlay
 * files and dist/<env>/<cluster>/apps/<app>/ of every cluster whose render changed, on a new
 * branch. Everything that could refuse the commit (existing branch, stale dist/) is checked
 * before anything is written.
 */
export async function writeImageChange(state: RepositoryState, change: ImageChange, edits: readonly OverlayEdit[], headline: string, io: CommandIo, commit?: ChangeCommit): Promise<void> {
  const { app, env } = change;
  if (commit) {
    await commit.worktree.requireNewBranch(commit.branch);
    const stale = await staleAppFiles(commit.worktree, state.catalog, env, app);
    if (stale.length > 0) {
      throw new Refusal(`dist/${env}/ is not current (${stale.length} file(s) differ from a fresh render, e.g. ${stale[0]}); run npm run synth and commit dist/ first`);
    }
  }
  const applied = await applyImage(state.root, state.catalog, env, app, edits);
  io.out(headline);
  io.out(formatDistDiff(applied.changes, { environments: [env], clusters: new Map([[env, state.clusters.get(env)!.map((c) => c.cluster.name)]]), title: `Rendered changes in dist/${env}:` }));
  if (!commit) return;

  // An invariant of the application construct; checked because the commit must hold only this app.
  const appFolders = state.clusters.get(env)!.map((c) => `${c.cluster.distPath}/apps/${app}/`);
  const outside = applied.changes.filter((c) => !appFolders.some((folder) => c.file.startsWith(folder)));
  if (outside.length > 0) {
    throw new Refusal(`re-rendering changed files outside dist/${env}/<cluster>/apps/${app}/: ${outside.map((c) => c.file).join(', ')}; the commit may only hold the app's own files`);
  }
  const rendered = appFolders.filter((folder) => applied.changes.some((c) => c.file.startsWith(folder))).map((folder) => `dist/${folder.slice(0, -1)}`);
  const id = await commit.worktree.commitToNewBranch(commit.branch, [...edits.map((edit) => edit.file), ...rendered], commit.message(applied.changes));
  io.out(`Created branch ${commit.branch} with commit ${id} on ${commit.worktree.base.slice(0, 12)}; your working tree and current branch are unchanged. Push it and open a pull request:\n  git push -u origin ${commit.branch}`);
}

/** What the wave's clusters ran before, for a headline: one short digest, or which cluster ran what. */
export function replacedDigest(replaced: readonly ClusterImage[]): string {
  const common = commonImage(replaced);
  return common === undefined ? `(${describeImages(replaced)})` : shortDigest(common.image.digest);
}

/** The same for a commit message's `replaces:` line: the whole digest (with the repository when it changes). */
export function replacedImage(replaced: readonly ClusterImage[], image: ImageRef): string {
  const common = commonImage(replaced);
  if (common === undefined) return describeImages(replaced);
  return common.image.repository === image.repository ? common.image.digest : imageText(common.image);
}

/** Commit message lines for a break-glass mark: the reason set or carried, or the one removed. */
export function breakGlassLines(before: string | undefined, after: string | undefined): string[] {
  if (after !== undefined) return [`break-glass: ${after}`];
  if (before !== undefined) return [`break-glass removed: ${before}`];
  return [];
}

/** Every cluster of the wave must allow the image's registry (platform.yaml allowedRegistries, as the cluster overrides it). */
export function requireAllowedRegistry(change: Pick<ImageChange, 'rollout' | 'wave' | 'image'>): void {
  const { rollout, wave, image } = change;
  for (const cluster of wave.clusters) {
    if (isAllowedRegistry(image.repository, cluster.allowedRegistries)) continue;
    const where = cluster.overlayFile === undefined ? rollout.env : `${cluster.cluster} (${waveLabel(rollout, wave)})`;
    const files = [`overlays/${rollout.env}/platform.yaml`, ...(cluster.overlayFile === undefined ? [] : [cluster.overlayFile])].join(', ');
    throw new Refusal(`registry of '${image.repository}' is not allowed in ${where}, expected one of: ${cluster.allowedRegistries.join(', ')} (${files} allowedRegistries)`);
  }
}
