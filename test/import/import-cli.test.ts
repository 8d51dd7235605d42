import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryArgs, readTree, REPO_ROOT } from '../support/repo';

function runImportCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, entryArgs('src/cli/import-crds.ts', ...args), { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run import (CLI)', () => {
  it('names every missing upstream file and leaves imports/ as it was', () => {
    const imports = path.join(REPO_ROOT, 'imports');
    const before = readTree(imports);
    const modified = statSync(imports).mtimeMs;
    const empty = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'no-upstream-'));

    const { status, stderr } = runImportCli(['--from', empty]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^npm run import failed, imports\/ is unchanged:\n--from .*: (\d+) of \1 upstream files not found/);
    expect(stderr).toContain('missing _definitions.json: the Kubernetes v1.28 definitions, https://raw.githubusercontent.com/cdk8s-team/cdk8s/');
    expect(stderr).toMatch(/missing application-crd\.yaml: import argocd-application \(cdk8s\.yaml:\d+\), https:\/\/raw\.githubusercontent\.com\/argoproj\/argo-cd\/v/);
    expect(stderr).not.toContain('    at '); // no stack trace
    expect(statSync(imports).mtimeMs).toBe(modified);
    expect(readTree(imports)).toEqual(before);
  });

  it('exits 2 on an unknown flag', () => {
    const { status, stderr } = runImportCli(['--bogus']);
    expect(status).toBe(2);
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain('Usage: npm run import [-- --from <dir>]');
    expect(stderr).not.toContain('    at ');
  });
});
