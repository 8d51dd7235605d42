import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { listFiles } from '../../src/render/write-dist';
import { loadAppCatalog, type AppCatalog } from '../../src/app-catalog';
import { REPO_ROOT, renderAll } from '../../src/synth-pipeline';

export { REPO_ROOT };

let rendered: Promise<RenderedEnvironment[]> | undefined;

/** Renders the real repository once per test worker, in memory (synth is deterministic). */
export function renderRepository(): Promise<RenderedEnvironment[]> {
  rendered ??= renderAll({ root: REPO_ROOT }).then((result) => result.rendered);
  return rendered;
}

/** Every file below dir with its content, keyed by relative path, in sorted order. */
export function readTree(dir: string): Map<string, string> {
  return new Map([...listFiles(dir)].sort().map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]));
}

/** A scratch copy of overlays/ and dist/ that a test may break without touching the repo. */
export function scratchRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gitops-platform-'));
  cpSync(path.join(REPO_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  return root;
}

/**
 * Arguments that run a TypeScript entry point the way the npm scripts do (src/launch.mjs), with
 * absolute paths so the working directory may be anywhere.
 */
export function entryArgs(script: string, ...args: readonly string[]): string[] {
  return [path.join(REPO_ROOT, 'src/launch.mjs'), path.join(REPO_ROOT, script), ...args];
}

/** Runs `npm run synth` as a user would (a child process), returning exit code and output. */
export function runSynthCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, entryArgs('src/synth.ts', ...args), {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let catalog: Promise<AppCatalog> | undefined;

/** The apps the real repository's charts/apps/ defines, as the synth pipeline discovers them. */
export function repositoryCatalog(): Promise<AppCatalog> {
  catalog ??= loadAppCatalog(REPO_ROOT);
  return catalog;
}
