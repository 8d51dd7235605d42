/**
 * npm run bench: full-synth wall time and peak RSS of each scenario (bench/scenarios.ts) at each
 * size, in fresh child processes, against the floor: the same files produced the cheapest way
 * (the final objects serialized with the project's serializer and options, and written). Synth
 * and floor runs alternate, median of --runs each; afterwards (untimed) the floor's files are
 * checked byte-identical to synth's. Writes bench/results.json. Then times the default
 * repository's `npm run synth` and `npm run check` (bench/default-repository.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../src/repo-root';
import { measureChartCheck } from './chart-check';
import { describeError } from '../src/cli/lib/describe-error';
import { measureDefaultRepository, type DefaultRepositoryResult } from './default-repository';
import { assertSameFiles } from './same-files';
import { SCENARIOS, type BenchScenario } from './scenarios';
import { measureImageChange } from './image-change';

const HELP = `Usage: npm run bench [-- ${SCENARIOS.map((s) => `--${s.name} ${s.defaultSizes.join(',')}`).join(' ')}] [--runs 3] [--repo-runs 5]
       npm run bench -- ${SCENARIOS.map((s) => `--${s.name} ''`).join(' ')} --repo-runs 9      (only the default repository)

Scenarios, each at the sizes its flag lists ('' skips it):
${SCENARIOS.map((s) => `  --${s.name}: sizes in ${s.unit}`).join('\n')}

For each size it writes the scenario's overlays (untimed), then measures in fresh child processes,
alternating, the wall time, CPU time and peak RSS of a full synth, and the floor: the identical final
objects serialized with the serializer and options synth writes with (js-yaml,
src/render/serialize.ts) and written as files. Checks (untimed) that the floor's files are
byte-identical to synth's. Prints a table and writes bench/results.json.

Then times the default repository as a user runs it: npm run synth (dist/ current), npm run
synth into an empty directory, and npm run check, median of --repo-runs runs each (0 skips
this). Prints a table and writes bench/default-repository.json.

       npm run bench -- --image-change [--image-change-apps 1000] [--runs 3]

Only this: set-image and promote of one app in a repository of N generated apps, with and
without --git, each a fresh process, median of --runs (bench/image-change.ts). Writes
bench/image-change.json.`;

interface Result {
  readonly scenario: string;
  readonly size: number;
  readonly objects: number;
  readonly files: number;
  readonly synthSeconds: number;
  readonly floorSeconds: number;
  readonly ratio: number;
  /** Medians of the processes' CPU time (user + system, all threads): steadier than wall time under load. */
  readonly synthCpuSeconds: number;
  readonly floorCpuSeconds: number;
  readonly cpuRatio: number;
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
      ...Object.fromEntries(SCENARIOS.map((s) => [s.name, { type: 'string' as const, default: s.defaultSizes.join(',') }])),
      runs: { type: 'string', default: '3' },
      'repo-runs': { type: 'string', default: '5' },
      help: { type: 'boolean' },
      'image-change': { type: 'boolean' },
      'image-change-apps': { type: 'string', default: '1000' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values['image-change']) return imageChange(parseCount(String(values['image-change-apps']), '--image-change-apps'), parseCount(String(values.runs), '--runs'));
  const runs = parseCount(String(values.runs), '--runs');
  if (runs < 1) throw new Error(`--runs must be at least 1, got ${runs}`);
  const repoRuns = parseCount(String(values['repo-runs']), '--repo-runs');
  const plan = SCENARIOS.map((scenario) => ({ scenario, sizes: parseSizes(String((values as Record<string, unknown>)[scenario.name]), `--${scenario.name}`) }));

  if (plan.some(({ sizes }) => sizes.length > 0)) {
    const results: Result[] = [];
    for (const { scenario, sizes } of plan) {
      if (sizes.length === 0) continue;
      const measured = sizes.map((size) => measure(scenario, size, runs));
      printTable(scenario, measured);
      results.push(...measured);
    }
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

function imageChange(apps: number, runs: number): void {
  const result = measureImageChange(repoRoot, scratchBase, apps, runs, median);
  console.log(`one image change at ${apps} apps (${result.distFiles} files in dist/), a fresh process each, median of ${runs}: wall (the process's CPU)`);
  const rows = [['set-image', result.setImage], ['promote', result.promote], ['set-image --git', result.setImageGit], ['promote --git', result.promoteGit]] as const;
  for (const [name, timing] of rows) console.log(`  ${name.padEnd(16)} ${timing.wallSeconds.toFixed(2)} s (${timing.cpuSeconds.toFixed(2)} s)`);
  const rounded = JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' ? round(value) : value), 2);
  writeFileSync(path.join(repoRoot, 'bench/image-change.json'), `${rounded}\n`);
  console.log('written: bench/image-change.json');
}

function printRepository(result: DefaultRepositoryResult, runs: number): void {
  console.log(`\ndefault repository, wall time through npm, median of ${runs}:`);
  console.log(`  npm run synth (dist/ current)       ${result.synthSeconds.toFixed(2)} s`);
  console.log(`  npm run synth -- --out <empty dir>  ${result.synthAllFilesSeconds.toFixed(2)} s`);
  console.log(`  npm run check                       ${result.checkSeconds.toFixed(2)} s  (${result.checkToSynthRatio.toFixed(2)}x synth)`);
}

function measure(scenario: BenchScenario, size: number, runs: number): Result {
  const scratch = mkdtempSync(path.join(scratchBase, 'bench-'));
  try {
    const root = path.join(scratch, 'repository');
    mkdirSync(root);
    scenario.prepare(repoRoot, root, size);
    const synthChild = (out: string, extra: readonly string[] = []) =>
      run(process.execPath, [...launcher, 'bench/synth-child.ts', '--scenario', scenario.name, '--size', String(size), '--root', root, '--out', out, ...extra]);
    const floorInput = path.join(scratch, 'floor-input.json');
    // Untimed first run: builds the launcher's bundle and saves the final objects for the floor.
    synthChild(path.join(scratch, 'warm'), ['--dump-files', floorInput]);
    rmSync(path.join(scratch, 'warm'), { recursive: true });
    // Alternating, so the machine's drift weighs on both alike. The first pair's trees are kept
    // for the byte comparison, the others removed (untimed) to spare memory on tmpfs.
    const synth: ReturnType<typeof run>[] = [];
    const floor: ReturnType<typeof run>[] = [];
    for (let i = 0; i < runs; i++) {
      const [synthOut, floorOut] = [path.join(scratch, `synth-${i}`), path.join(scratch, `floor-${i}`)];
      synth.push(synthChild(synthOut));
      floor.push(run(process.execPath, ['bench/floor-child.mjs', floorInput, floorOut]));
      if (i > 0) for (const dir of [synthOut, floorOut]) rmSync(dir, { recursive: true });
    }
    const files = assertSameFiles(path.join(scratch, 'synth-0'), path.join(scratch, 'floor-0'));
    const synthSeconds = median(synth.map((r) => r.seconds));
    const floorSeconds = median(floor.map((r) => r.seconds));
    const synthCpuSeconds = median(synth.map((r) => Number(r.output.cpuSeconds)));
    const floorCpuSeconds = median(floor.map((r) => Number(r.output.cpuSeconds)));
    return {
      scenario: scenario.name,
      size,
      objects: Number(synth[0]?.output.objects),
      files,
      synthSeconds: round(synthSeconds),
      floorSeconds: round(floorSeconds),
      ratio: round(synthSeconds / floorSeconds),
      synthCpuSeconds: round(synthCpuSeconds),
      floorCpuSeconds: round(floorCpuSeconds),
      cpuRatio: round(synthCpuSeconds / floorCpuSeconds),
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

function parseSizes(text: string, flag: string): number[] {
  return text.split(',').filter((n) => n.trim() !== '').map((n) => parseCount(n, flag));
}

function parseCount(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} takes whole numbers, got '${text}'`);
  return value;
}

function printTable(scenario: BenchScenario, results: readonly Result[]): void {
  const header = [scenario.unit, 'objects', 'synth s', 'floor s', 'ratio', 'synth CPU s', 'floor CPU s', 'CPU ratio', 'peak RSS MiB'];
  const rows = results.map((r) =>
    [r.size, r.objects, r.synthSeconds.toFixed(2), r.floorSeconds.toFixed(2), r.ratio.toFixed(2), r.synthCpuSeconds.toFixed(2), r.floorCpuSeconds.toFixed(2), r.cpuRatio.toFixed(2), r.peakRssMiB].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(`\nscenario ${scenario.name}:`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

// Errors as their message and an exit code, never an uncaught exception or process.exit(): those
// end the process at once, cutting off output still on its way into a pipe.
main().then(undefined, (error: unknown) => {
  console.error(`bench failed: ${describeError(error)}`);
  process.exitCode = 1;
});
