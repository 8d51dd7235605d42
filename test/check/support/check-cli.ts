import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, entryArgs } from '../../support/repo';

/** Runs `npm run check` as a user would (a child process), returning exit code and output. */
export function runCheckCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, entryArgs('src/check/cli.ts', ...args), {
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
