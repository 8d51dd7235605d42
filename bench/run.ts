/**
 * npm run bench: full-synth wall time and peak RSS with N generated apps (fresh child process per
 * run), against the floor (the same final objects written as YAML files by the yaml package).
 * Median of --runs runs each. Writes bench/results.json. Then times the default repository's
 * `npm run synth` and `npm run check` (bench/default-repository.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../src/repo-root';
import { measureChartCheck } from './chart-check';
import { describeError } from '../src/cli/lib/describe-error';
import { measureDefaultRepository, type DefaultRepositoryResult } from './default-repository';

const HELP = `Usage: npm run bench [-- --apps 10,100,1000] [--runs 3] [--repo-runs 5]
       npm run bench -- --apps '' --repo-runs 9      (only the default repository)

For each app count N: generates N applications (the real application construct, the real
platform layer, dev/staging/prod), then measures in fresh child processes the wall time and peak
RSS of a full synth, and the floor (the identical objects written as YAML by the yaml package).
Prints a table and writes bench/results.json.

Then times the default repository as a user runs it: npm run synth (dist/ current), npm run
synth into an empty directory, and npm run check, median of --repo-runs runs each (0 skips
this). Prints a table and writes bench/default-repository.json.`;

interface Result {
  readonly apps: number;
  readonly objects: number;
  readonly synthSeconds: number;
  readonly floorSeconds: number;
  readonly ratio: number;
  readonly peakRssMiB: number;
}

const repoRoot = REPO_ROOT;
// Children run the way `npm run synth` does (src/launch.mjs), in the repository root.
const launcher = ['src/launch.mjs'];
// Output on tmpfs where there is one, so disk speed does not blur the comparison.
const scratchBase = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      apps: { type: 'string', default: '10,100,1000' },
      runs: { type: 'string', default: '3' },
      'repo-runs': { type: 'string', default: '5' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  // `--apps ''` measures only the default repository.
  const counts = values.apps.split(',').filter((n) => n.trim() !== '').map((n) => parseCount(n, '--apps'));
  const runs = parseCount(values.runs, '--runs');
  if (runs < 1) throw new Error(`--runs must be at least 1, got ${runs}`);
  const repoRuns = parseCount(values['repo-runs'], '--repo-runs');

  if (counts.length > 0) {
    const results = counts.map((apps) => measure(apps, runs));
    printTable(results);
    writeFileSync(path.join(repoRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nwritten: bench/results.json');
  }

  if (repoRuns === 0) return;
  const repository = measureDefaultRepository(repoRoot, repoRuns, median);
  printRepository(repository, repoRuns);
  const rounded = Object.fromEntries(Object.entries(repository).map(([key, value]) => [key, round(value)]));
  writeFileSync(path.join(repoRoot, 'bench/default-repository.json'), `${JSON.stringify(rounded, null, 2)}\n`);
  console.log('\nwritten: bench/default-repository.json');

  const charts = await measureChartCheck(repoRoot, repoRuns, median);
  console.log(`\nnpm run check in process, median of ${repoRuns} (stand-in charts: ${charts.summary}):`);
  console.log(`  declared facts only                 ${charts.declaredSeconds.toFixed(2)} s`);
  console.log(`  charts rendered (warm render cache) ${charts.renderedSeconds.toFixed(2)} s  (${charts.ratio.toFixed(2)}x)`);
  writeFileSync(path.join(repoRoot, 'bench/chart-check.json'), `${JSON.stringify({ declaredSeconds: round(charts.declaredSeconds), renderedSeconds: round(charts.renderedSeconds), ratio: round(charts.ratio), summary: charts.summary }, null, 2)}\n`);
  console.log('written: bench/chart-check.json');
}

function printRepository(result: DefaultRepositoryResult, runs: number): void {
  console.log(`\ndefault repository, wall time through npm, median of ${runs}:`);
  console.log(`  npm run synth (dist/ current)       ${result.synthSeconds.toFixed(2)} s`);
  console.log(`  npm run synth -- --out <empty dir>  ${result.synthAllFilesSeconds.toFixed(2)} s`);
  console.log(`  npm run check                       ${result.checkSeconds.toFixed(2)} s  (${result.checkToSynthRatio.toFixed(2)}x synth)`);
}

function measure(apps: number, runs: number): Result {
  const scratch = mkdtempSync(path.join(scratchBase, 'bench-'));
  try {
    const objectsFile = path.join(scratch, 'objects.json');
    // Untimed first run: dumps the final objects for the floor and builds the launcher's bundle.
    run(process.execPath, [...launcher, 'bench/synth-child.ts', '--apps', String(apps), '--out', path.join(scratch, 'warm'), '--dump-objects', objectsFile]);
    const synth = repeat(runs, (i) => run(process.execPath, [...launcher, 'bench/synth-child.ts', '--apps', String(apps), '--out', path.join(scratch, `synth-${i}`)]));
    const floor = repeat(runs, (i) => run(process.execPath, ['bench/floor-child.mjs', objectsFile, path.join(scratch, `floor-${i}`)]));
    const synthSeconds = median(synth.map((r) => r.seconds));
    const floorSeconds = median(floor.map((r) => r.seconds));
    return {
      apps,
      objects: Number(synth[0]?.output.objects),
      synthSeconds: round(synthSeconds),
      floorSeconds: round(floorSeconds),
      ratio: round(synthSeconds / floorSeconds),
      peakRssMiB: Math.round(Math.max(...synth.map((r) => Number(r.output.maxRssMiB)))),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function run(command: string, args: readonly string[]): { seconds: number; output: Record<string, unknown> } {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '{}';
  return { seconds, output: JSON.parse(lastLine) as Record<string, unknown> };
}

function repeat<T>(times: number, action: (index: number) => T): T[] {
  return Array.from({ length: times }, (_, i) => action(i));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function parseCount(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} takes whole numbers, got '${text}'`);
  return value;
}

function printTable(results: readonly Result[]): void {
  const header = ['apps', 'objects', 'synth s', 'floor s', 'ratio', 'peak RSS MiB'];
  const rows = results.map((r) => [r.apps, r.objects, r.synthSeconds.toFixed(2), r.floorSeconds.toFixed(2), r.ratio.toFixed(2), r.peakRssMiB].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

// Errors as their message and an exit code, never an uncaught exception or process.exit(): those
// end the process at once, cutting off output still on its way into a pipe.
main().then(undefined, (error: unknown) => {
  console.error(`bench failed: ${describeError(error)}`);
  process.exitCode = 1;
});
