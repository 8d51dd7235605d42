import type { ImageRef } from '../../config/overlay-schemas';
import { applyImage } from './apply-image';
import { type CommandIo, Refusal } from './command';
import { staleDistFiles } from './dist-current';
import { formatDistDiff, type ObjectChange } from './dist-diff';
import { shortDigest } from './image-reference';
import { imagesFilePath, type RepositoryState } from './repository-state';
import type { TemporaryWorktree } from './temporary-worktree';

/** One app's image in one environment, as set-image and promote write it. */
export interface ImageChange {
  readonly app: string;
  readonly env: string;
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

/** Branch name of a change: <kind>/<app>-<env>-<12 hex of the digest>. */
export function changeBranch(kind: string, change: ImageChange): string {
  return `${kind}/${change.app}-${change.env}-${shortDigest(change.image.digest).slice('sha256:'.length)}`;
}

/**
 * Writes the change into `state.root` (overlay and re-rendered dist/<env>/), prints `headline`
 * and the rendered changes, and with `commit` commits exactly the overlay and the app's files in
 * dist/<env>/apps/<app>/ on a new branch. Everything that could refuse the commit (existing
 * branch, stale dist/) is checked before anything is written.
 */
export async function writeImageChange(state: RepositoryState, change: ImageChange, headline: string, io: CommandIo, commit?: ChangeCommit): Promise<void> {
  const { app, env } = change;
  if (commit) {
    await commit.worktree.requireNewBranch(commit.branch);
    await commit.worktree.checkOut([`dist/${env}`]);
    const stale = await staleDistFiles(state.root, state.catalog, env);
    if (stale.length > 0) {
      throw new Refusal(`dist/${env}/ is not current (${stale.length} file(s) differ from a fresh render, e.g. ${stale[0]}); run npm run synth and commit dist/ first`);
    }
  }
  const applied = await applyImage(state.root, state.catalog, env, app, change.image, change.breakGlass);
  io.out(headline);
  io.out(formatDistDiff(applied.changes, { environments: [env], title: `Rendered changes in dist/${env}:` }));
  if (!commit) return;

  // An invariant of the application construct; checked because the commit must hold only this app.
  const outside = applied.changes.filter((c) => !c.file.startsWith(`${env}/apps/${app}/`));
  if (outside.length > 0) {
    throw new Refusal(`re-rendering changed files outside dist/${env}/apps/${app}/: ${outside.map((c) => c.file).join(', ')}; the commit may only hold the app's own files`);
  }
  const id = await commit.worktree.commitToNewBranch(commit.branch, [imagesFilePath(env), `dist/${env}/apps/${app}`], commit.message(applied.changes));
  io.out(`Created branch ${commit.branch} with commit ${id} on ${commit.worktree.base.slice(0, 12)}; your working tree and current branch are unchanged. Push it and open a pull request:\n  git push -u origin ${commit.branch}`);
}

/** Commit message lines for a break-glass mark: the reason set or carried, or the one removed. */
export function breakGlassLines(before: string | undefined, after: string | undefined): string[] {
  if (after !== undefined) return [`break-glass: ${after}`];
  if (before !== undefined) return [`break-glass removed: ${before}`];
  return [];
}
