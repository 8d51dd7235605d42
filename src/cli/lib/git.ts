import { spawn } from 'node:child_process';

const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * The few Git operations the promotion commands need, run with the `git` binary in `root` (the
 * user's own Git, its configuration and identity). Asynchronous, so that several commands in one
 * process (the tests run promotions side by side) really run their Git processes concurrently.
 */
export class Git {
  constructor(readonly root: string) {}

  async run(args: readonly string[], input?: string): Promise<string> {
    return (await this.execute(args, input)).toString('utf8');
  }

  async isRepository(): Promise<boolean> {
    try {
      return (await this.run(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
    } catch {
      return false;
    }
  }

  /** Changed, staged and untracked paths (ignored files aside) below `paths`, as `git status --porcelain` lines. */
  async dirtyPaths(...paths: readonly string[]): Promise<string[]> {
    const output = await this.run(['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
    return output.split('\n').filter((line) => line.length > 0);
  }

  async branchExists(branch: string): Promise<boolean> {
    try {
      await this.run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
      return true;
    } catch {
      return false;
    }
  }

  async revParse(rev: string): Promise<string> {
    return (await this.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
  }

  /** Files (path -> blob id) below `path` in the tree of `rev`. */
  async treeBlobs(rev: string, path: string): Promise<Map<string, string>> {
    const blobs = new Map<string, string>();
    for (const entry of (await this.run(['ls-tree', '-r', '-z', '--full-tree', rev, '--', path])).split('\0')) {
      const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (match) blobs.set(match[2]!, match[1]!);
    }
    return blobs;
  }

  /** Blob ids the working-tree files would get (one process for all paths). */
  async hashFiles(paths: readonly string[]): Promise<Map<string, string>> {
    if (paths.length === 0) return new Map();
    const ids = (await this.run(['hash-object', '--stdin-paths'], `${paths.join('\n')}\n`)).trim().split('\n');
    return new Map(paths.map((p, i) => [p, ids[i]!]));
  }

  /** Contents of blobs by id (one `git cat-file --batch` for all of them). */
  async readBlobs(ids: readonly string[]): Promise<Map<string, string>> {
    const contents = new Map<string, string>();
    if (ids.length === 0) return contents;
    const output = await this.execute(['cat-file', '--batch'], `${ids.join('\n')}\n`);
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

  private execute(args: readonly string[], input: string | undefined): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...args], { cwd: this.root, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      child.stdout!.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_OUTPUT) child.kill();
        else stdout.push(chunk);
      });
      child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => reject(new Error(`git ${args.join(' ')} failed: ${error.message}`)));
      child.on('close', (code, signal) => {
        if (code === 0) return resolve(Buffer.concat(stdout));
        const message = Buffer.concat(stderr).toString('utf8').trim() || (size > MAX_OUTPUT ? 'output too large' : `exit ${code ?? signal}`);
        reject(new Error(`git ${args.join(' ')} failed: ${message}`));
      });
      if (child.stdin) {
        // git may exit before reading everything (an error); that is reported by the exit code.
        child.stdin.on('error', () => undefined);
        child.stdin.end(input);
      }
    });
  }
}
