/**
 * A promotion command (set-image, promote, ...) run the way src/cli/bin.ts runs it, in a fresh
 * process started through src/launch.mjs, but on a repository of N generated apps: the app
 * catalog is this checkout's apps plus bench/synthetic-apps.ts's, as `bench/synth-child.ts`
 * renders them. `--prepare DIR` instead writes such a repository (overlays/ and a synthesized
 * dist/, optionally committed in Git) for the timed runs.
 *
 *   node src/launch.mjs bench/cli-child.ts --apps 1000 --prepare DIR [--git]
 *   node src/launch.mjs bench/cli-child.ts --apps 1000 -- set-image bench-0007 --image ... --root DIR
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAppCatalog, type AppCatalog } from '../src/app-catalog';
import { runCommand, type Command } from '../src/cli/lib/command';
import { describeError } from '../src/cli/lib/describe-error';
import { promoteCommand } from '../src/cli/promote';
import { setImageCommand } from '../src/cli/set-image';
import { statusCommand } from '../src/cli/status';
import { listFiles } from '../src/render/write-dist';
import { REPO_ROOT, synth } from '../src/synth-pipeline';
import { syntheticCatalog, writeSyntheticOverlays } from './synthetic-apps';

const COMMANDS: readonly Command[] = [setImageCommand, promoteCommand, statusCommand];

const { values, positionals } = parseArgs({ options: { apps: { type: 'string' }, prepare: { type: 'string' }, git: { type: 'boolean' } }, allowPositionals: true });
const count = Number(values.apps);
if (!Number.isInteger(count) || count < 0) throw new Error('usage: cli-child --apps N (--prepare DIR [--git] | -- <command> [args...])');

async function catalogOf(apps: number): Promise<AppCatalog> {
  return new Map([...(await loadAppCatalog(REPO_ROOT)), ...syntheticCatalog(apps)]);
}

async function prepare(root: string, withGit: boolean): Promise<void> {
  const catalog = await catalogOf(count);
  writeSyntheticOverlays(REPO_ROOT, root, [...catalog.keys()].filter((name) => name.startsWith('bench-')));
  await synth({ root, catalog });
  console.log(`${listFiles(path.join(root, 'dist')).size} files below dist/`);
  if (!withGit) return;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Benchmark');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('add', '--all');
  git('commit', '--quiet', '--no-verify', '-m', 'base');
}

async function main(): Promise<void> {
  if (values.prepare !== undefined) return prepare(values.prepare, values.git === true);
  const [name, ...args] = positionals;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new Error(`unknown command '${name ?? ''}', expected one of: ${COMMANDS.map((c) => c.name).join(', ')}`);
  const context = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), loadApps: () => catalogOf(count) };
  process.exitCode = await runCommand(command, args, context);
  // For bench/image-change.ts: CPU time is less disturbed by other load than wall time.
  const { user, system } = process.cpuUsage();
  console.error(`cli-child cpu seconds: ${((user + system) / 1e6).toFixed(3)}`);
}

main().catch((error: unknown) => {
  console.error(`cli-child failed: ${describeError(error)}`);
  process.exitCode = 1;
});
