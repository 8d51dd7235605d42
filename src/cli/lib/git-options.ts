import { type CommandIo, UsageError } from './command';
import { Git } from './git';
import { inTemporaryWorktree, type TemporaryWorktree } from './temporary-worktree';

export const GIT_OPTIONS = { git: { type: 'boolean' }, base: { type: 'string' } } as const;

export const GIT_HELP = `  --base <ref>           with --git: the commit to start from (default: HEAD)`;

/**
 * Runs `work` on the user's checkout, or with --git on a temporary worktree at --base (default
 * HEAD): then the user's working tree, index and current branch are never touched, and their
 * uncommitted changes are neither a reason to refuse nor part of the commit.
 */
export async function onCheckoutOrWorktree<T>(
  command: string,
  root: string,
  options: { readonly git?: boolean; readonly base?: string },
  io: CommandIo,
  work: (root: string, worktree: TemporaryWorktree | undefined) => Promise<T>,
): Promise<T> {
  if (!options.git) {
    if (options.base !== undefined) throw new UsageError('--base only applies with --git');
    return work(root, undefined);
  }
  const base = options.base ?? 'HEAD';
  return inTemporaryWorktree(command, root, base, ['overlays'], async (worktree) => {
    // The one surprise of working from a commit: an uncommitted overlay edit is not seen.
    const uncommitted = await new Git(root).dirtyPaths('overlays');
    if (uncommitted.length > 0) {
      io.err(`note: ${uncommitted.length} uncommitted change(s) in overlays/ (e.g. '${uncommitted[0]!.slice(3)}') are not part of this; it starts from ${base} (${worktree.base.slice(0, 12)})`);
    }
    return work(worktree.root, worktree);
  });
}
