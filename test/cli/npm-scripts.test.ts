import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../../src/cli/diff';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { statusCommand } from '../../src/cli/status';
import { runCli } from '../support/cli';
import { REPO_ROOT, entryArgs } from '../support/repo';

/** The npm scripts as a user runs them: tsx src/cli/bin.ts <command> (package.json). */
function runScript(...args: string[]) {
  const result = spawnSync(process.execPath, entryArgs('src/cli/bin.ts', ...args), { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const commands = [setImageCommand, promoteCommand, statusCommand, diffCommand];

describe('promotion npm scripts', () => {
  it('are wired in package.json to src/cli/bin.ts', () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const command of commands) expect(scripts[command.name]).toBe(`node src/launch.mjs src/cli/bin.ts ${command.name}`);
  });

  it.each(commands.map((c) => [c.name, c] as const))('%s --help prints its usage', async (name, command) => {
    const result = await runCli(command, ['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^Usage: npm run ${name}`));
  });

  it('run as a process: --help exits 0, a refusal exits 1 with the reason on stderr', () => {
    const help = runScript('status', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run status/);
    const refused = runScript('promote', 'no-such-app', '--to', 'no-such-env');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("promote refused: unknown app 'no-such-app'");
  });
});
