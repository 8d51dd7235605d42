import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand, type Command } from '../../src/cli/lib/command';
import type { AppCatalog } from '../../src/app-catalog';
import { fixtureCatalog, fixtureRepository } from './fixture-repository';
import { fleetRepository } from './fleet-repository';
import { readTree } from './repo';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs a promotion command in-process (as bin.ts does) on a repository with the fixture apps (or
 * `apps`), capturing what it prints.
 */
export async function runCli(command: Command, args: readonly string[], apps: AppCatalog = fixtureCatalog): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(command, args, { out: (text) => out.push(text), err: (text) => err.push(text), loadApps: () => Promise.resolve(apps) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs git in a directory and returns its trimmed output. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

/**
 * A real Git repository in a temporary directory holding the fixture repository's overlays/ and
 * dist/, committed on branch main. The first call per worker builds it; later calls copy it.
 */
export function gitRepository(): Promise<string> {
  return copyOfTemplate('git-repository', async () => committed(await fixtureRepository()));
}

/** The same for the fleet fixture (qa: two clusters in one wave; live: canary, then regions). */
export function fleetGitRepository(): Promise<string> {
  return copyOfTemplate('fleet-git-repository', async () => committed(await fleetRepository()));
}

/** Makes `root` a Git repository with everything committed on branch main. */
function committed(root: string): string {
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'config', 'user.name', 'Promotion Test');
  git(root, 'config', 'user.email', 'promotion-test@example.com');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '-m', 'base');
  return root;
}

const templates = new Map<string, Promise<string>>();

/**
 * A scratch copy of a repository that `build` makes once per worker (and per `name`): building
 * costs renders and commits, copying a few milliseconds. A Git repository copies with its .git.
 */
export async function copyOfTemplate(name: string, build: () => Promise<string>): Promise<string> {
  let template = templates.get(name);
  if (template === undefined) {
    template = build();
    templates.set(name, template);
  }
  const root = mkdtempSync(path.join(tmpdir(), `${name}-`));
  cpSync(await template, root, { recursive: true });
  return root;
}

/**
 * Everything a refused command must leave alone: overlays/, dist/, and the Git state (HEAD,
 * current branch, branches, index and working tree, and worktrees: none may be left behind).
 */
export function snapshot(root: string): Record<string, unknown> {
  const isRepository = readdirSync(root).includes('.git');
  return {
    overlays: readTree(path.join(root, 'overlays')),
    dist: readTree(path.join(root, 'dist')),
    git: isRepository ? { ...checkoutState(root), branches: git(root, 'branch', '--list') } : undefined,
  };
}

/**
 * The user's checkout as Git sees it: HEAD, current branch, staged and unstaged changes (with
 * their content), untracked files, and the repository's worktrees.
 */
export function checkoutState(root: string): Record<string, string> {
  return {
    head: git(root, 'rev-parse', 'HEAD'),
    branch: git(root, 'branch', '--show-current'),
    status: git(root, 'status', '--porcelain', '--untracked-files=all'),
    staged: git(root, 'diff', '--cached'),
    unstaged: git(root, 'diff'),
    worktrees: git(root, 'worktree', 'list', '--porcelain'),
  };
}
