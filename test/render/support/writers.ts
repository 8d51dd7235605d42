import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { loadEnvironmentNames } from '../../../src/config/load-overlays';
import type { RenderedEnvironment } from '../../../src/render/render-environment';
import { entryArgs, REPO_ROOT } from '../../support/repo';

/** Where the writer tests put their files; each test removes its own when it finishes. */
export const TEST_TMP = process.env['GITOPS_TEST_TMP'] ?? tmpdir();

/** An empty directory below TEST_TMP, removed when the current test finishes. */
export function temporaryDirectory(prefix: string): string {
  const dir = mkdtempSync(path.join(TEST_TMP, prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the repository's overlays/ and dist/ below TEST_TMP, removed when the test finishes. */
export function scratchRoot(): string {
  const root = temporaryDirectory('writers-');
  cpSync(path.join(REPO_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  return root;
}

/**
 * Gives the first image of every environment a new digest (each environment its own), so a
 * synth afterwards has to publish every environment. Returns the environments in chain order.
 */
export function changeEveryEnvironment(root: string): string[] {
  const environments = [...loadEnvironmentNames(root)];
  environments.forEach((env, index) => {
    const file = path.join(root, 'overlays', env, 'images.yaml');
    const digest = `sha256:${(index + 1).toString(16).repeat(64)}`;
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/digest: sha256:[0-9a-f]{64}/, `digest: ${digest}`);
    if (edited === text) throw new Error(`${file}: no digest to change`);
    writeFileSync(file, edited);
  });
  return environments;
}

/** Rendered environments as one tree keyed `<env>/<file>`, like readTree(dist). */
export function renderedTree({ rendered }: { rendered: readonly RenderedEnvironment[] }): Map<string, string> {
  const tree = new Map<string, string>();
  for (const env of rendered) for (const [file, content] of env.files) tree.set(`${env.name}/${file}`, content);
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface Finished {
  readonly pid: number;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running entry point (src/launch.mjs, as the npm scripts run it) and what it printed so far. */
export interface Running {
  readonly child: ChildProcess;
  readonly finished: Promise<Finished>;
  /** Resolves when a line of stderr or stdout contains `text` (rejects if the process ends first). */
  printed(text: string): Promise<void>;
}

export function startEntry(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, entryArgs(script, ...args), { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: Array<{ text: string; resolve: () => void; reject: (error: Error) => void }> = [];
  const check = () => {
    for (const waiter of [...waiting]) {
      if (stdout.includes(waiter.text) || stderr.includes(waiter.text)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (status, signal) => {
      for (const waiter of waiting.splice(0)) waiter.reject(new Error(`${script} ended before printing '${waiter.text}':\n${stderr}`));
      resolve({ pid: child.pid ?? -1, status, signal, stdout, stderr });
    });
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    finished,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ text, resolve, reject });
        check();
        if (child.exitCode !== null || child.signalCode !== null) void finished.then(() => reject(new Error(`${script} ended before printing '${text}'`)));
      }),
  };
}

/** Runs an entry point to its end. */
export function runEntry(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return startEntry(script, args, env).finished;
}
