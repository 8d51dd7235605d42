import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HelmOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** helm exited non-zero; the message is the command and what helm printed. */
export class HelmCommandError extends Error {
  override readonly name = 'HelmCommandError';
}

/**
 * Runs helm with its own empty config, cache and data directories, as Argo CD's repo-server does
 * (util/helm/cmd.go sets XDG_* and HELM_CONFIG_HOME to a temporary helm home): a repository or
 * plugin the user configured never changes what is pulled or rendered.
 */
export async function runHelm(helm: string, args: readonly string[], options: { cwd?: string } = {}): Promise<HelmOutput> {
  const home = mkdtempSync(path.join(tmpdir(), 'gitops-helm-home-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CACHE_HOME: path.join(home, 'cache'),
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      HELM_CACHE_HOME: path.join(home, 'cache', 'helm'),
      HELM_CONFIG_HOME: path.join(home, 'config', 'helm'),
      HELM_DATA_HOME: path.join(home, 'data', 'helm'),
    };
    return await new Promise<HelmOutput>((resolve, reject) => {
      const child = spawn(helm, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => reject(new HelmCommandError(`cannot run ${helm}: ${error.message}`)));
      child.on('close', (code, signal) => {
        const output = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
        if (code === 0) resolve(output);
        else reject(new HelmCommandError(`helm ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.stderr.trim() || output.stdout.trim()}`));
      });
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
