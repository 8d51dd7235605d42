import { execFileSync } from 'node:child_process';

/**
 * The few Git operations the promotion commands need, run with the `git` binary in the
 * repository root (the user's own Git, its configuration and identity).
 */
export class Git {
  constructor(readonly root: string) {}

  run(args: readonly string[], input?: string): string {
    try {
      return execFileSync('git', [...args], { cwd: this.root, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
    }
  }

  isRepository(): boolean {
    try {
      return this.run(['rev-parse', '--is-inside-work-tree']).trim() === 'true';
    } catch {
      return false;
    }
  }

  /** Changed, staged and untracked paths (ignored files aside), as `git status --porcelain` lines. */
  dirtyPaths(): string[] {
    return this.run(['status', '--porcelain', '--untracked-files=all']).split('\n').filter((line) => line.length > 0);
  }

  branchExists(branch: string): boolean {
    try {
      this.run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
      return true;
    } catch {
      return false;
    }
  }

  revParse(rev: string): string {
    return this.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).trim();
  }

  /** Files (path -> blob id) below `path` in the tree of `rev`. */
  treeBlobs(rev: string, path: string): Map<string, string> {
    const blobs = new Map<string, string>();
    for (const entry of this.run(['ls-tree', '-r', '-z', '--full-tree', rev, '--', path]).split('\0')) {
      const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (match) blobs.set(match[2]!, match[1]!);
    }
    return blobs;
  }

  /** Blob ids the working-tree files would get (one process for all paths). */
  hashFiles(paths: readonly string[]): Map<string, string> {
    if (paths.length === 0) return new Map();
    const ids = this.run(['hash-object', '--stdin-paths'], `${paths.join('\n')}\n`).trim().split('\n');
    return new Map(paths.map((p, i) => [p, ids[i]!]));
  }

  /** Contents of blobs by id (one `git cat-file --batch` for all of them). */
  readBlobs(ids: readonly string[]): Map<string, string> {
    const contents = new Map<string, string>();
    if (ids.length === 0) return contents;
    const output = execFileSync('git', ['cat-file', '--batch'], { cwd: this.root, input: `${ids.join('\n')}\n`, maxBuffer: 256 * 1024 * 1024 });
    let offset = 0;
    for (const id of ids) {
      const headerEnd = output.indexOf(0x0a, offset);
      const [, , size] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
      const start = headerEnd + 1;
      const end = start + Number(size);
      contents.set(id, output.subarray(start, end).toString('utf8'));
      offset = end + 1;
    }
    return contents;
  }
}
