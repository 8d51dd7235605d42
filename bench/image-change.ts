/**
 * One image change at N apps, as a user runs it: `set-image` and `promote` of one app, with and
 * without --git, each a fresh process started through src/launch.mjs (bench/cli-child.ts: the
 * CLI with this checkout's apps plus N generated ones), wall time from spawn to exit, median of
 * `runs`. Every run changes another app, so each one renders and writes. The repository (overlays,
 * a synthesized dist/ of all environments, committed in Git) is built once, untimed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { syntheticName } from './synthetic-apps';

export interface ImageChangeResult {
  readonly apps: number;
  readonly runs: number;
  /** Files below dist/ of the generated repository. */
  readonly distFiles: number;
  /** Wall time from spawn to exit, and the child's own CPU time (user + system; git's not included). */
  readonly setImage: Timing;
  readonly promote: Timing;
  readonly setImageGit: Timing;
  readonly promoteGit: Timing;
}

export interface Timing {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
}

const LAUNCHER = 'src/launch.mjs';
const CHILD = 'bench/cli-child.ts';

export function measureImageChange(repoRoot: string, scratchBase: string, apps: number, runs: number, median: (values: readonly number[]) => number): ImageChangeResult {
  if (runs < 1) throw new Error(`--runs must be at least 1, got ${runs}`);
  if (apps < 3 * runs) throw new Error(`--image-change-apps must be at least ${3 * runs} (each run changes other apps), got ${apps}`);
  const scratch = mkdtempSync(path.join(scratchBase, 'bench-image-change-'));
  try {
    const root = path.join(scratch, 'repository');
    const prepared = child(repoRoot, apps, ['--prepare', root, '--git']);
    const distFiles = Number(/(\d+) files below dist\//.exec(prepared.stdout)?.[1]);
    // Untimed: builds the launcher's bundle for the child and its code cache.
    child(repoRoot, apps, ['--', 'status', '--root', root]);

    const app = (group: number, run: number) => syntheticName(group * runs + run);
    const digest = (run: number) => `sha256:${(run + 1).toString(16).padStart(2, '0').repeat(32)}`;
    const image = (name: string, run: number) => `registry.example.com/bench/${name}@${digest(run)}`;
    const timing = (args: (run: number) => readonly string[]): Timing => {
      const results = Array.from({ length: runs }, (_, run) => child(repoRoot, apps, ['--', ...args(run), '--root', root]));
      return { wallSeconds: median(results.map((r) => r.seconds)), cpuSeconds: median(results.map((r) => Number(/cli-child cpu seconds: ([\d.]+)/.exec(r.stderr)?.[1]))) };
    };

    // In the checkout: set dev, then promote that image to staging. With --git: from the
    // committed base, each on a branch of its own (the checkout's uncommitted edits are not used).
    const setImage = timing((run) => ['set-image', app(0, run), '--image', image(app(0, run), run)]);
    const promote = timing((run) => ['promote', app(0, run), '--to', 'staging']);
    const setImageGit = timing((run) => ['set-image', app(1, run), '--image', image(app(1, run), run), '--git']);
    const promoteGit = timing((run) => ['promote', app(2, run), '--to', 'staging', '--git']);
    return { apps, runs, distFiles, setImage, promote, setImageGit, promoteGit };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function child(repoRoot: string, apps: number, args: readonly string[]): { seconds: number; stdout: string; stderr: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [LAUNCHER, CHILD, '--apps', String(apps), ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${CHILD} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { seconds, stdout: result.stdout, stderr: result.stderr };
}
