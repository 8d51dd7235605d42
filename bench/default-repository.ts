/**
 * The default repository's commands as a user runs them: `npm run synth` and `npm run check`,
 * each a fresh process started through npm, wall time from spawn to exit, median of N runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface DefaultRepositoryResult {
  /** `npm run synth` with dist/ already current (the common case: nothing is written). */
  readonly synthSeconds: number;
  /** `npm run synth -- --out <empty dir>`: every file written. */
  readonly synthAllFilesSeconds: number;
  /** `npm run check` (the shipped schemas, imports/schemas; caches in .cache/ warm). */
  readonly checkSeconds: number;
  readonly checkToSynthRatio: number;
}

export function measureDefaultRepository(repoRoot: string, runs: number, median: (values: readonly number[]) => number): DefaultRepositoryResult {
  const scratch = mkdtempSync(path.join(tmpdir(), 'bench-default-'));
  try {
    // Untimed: builds the launcher's bundles and code caches and the check's validator cache.
    npmRun(repoRoot, ['synth']);
    npmRun(repoRoot, ['check']);
    const time = (args: (run: number) => readonly string[]) => median(Array.from({ length: runs }, (_, i) => npmRun(repoRoot, args(i))));
    const synthSeconds = time(() => ['synth']);
    const synthAllFilesSeconds = time((i) => ['synth', '--', '--out', path.join(scratch, `out-${i}`)]);
    const checkSeconds = time(() => ['check']);
    return { synthSeconds, synthAllFilesSeconds, checkSeconds, checkToSynthRatio: checkSeconds / synthSeconds };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Seconds one `npm run <args>` took; throws with its output when it fails. */
function npmRun(cwd: string, args: readonly string[]): number {
  // Under `npm run bench` npm says where its own CLI is; otherwise the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, prefix] = npmCli ? [process.execPath, [npmCli]] : ['npm', []];
  const start = performance.now();
  const result = spawnSync(command, [...prefix, 'run', '--silent', ...args], { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`npm run ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return seconds;
}
