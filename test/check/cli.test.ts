import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/report/check-report';
import { RULES } from '../../src/check/rules/registry';
import { loadEnvironmentNames } from '../../src/config/load-overlays';
import { REPO_ROOT, repositoryCatalog, scratchRepository } from '../support/repo';
import { environmentConfig } from '../support/platform';
import { runCheckCli } from './support/check-cli';

/** The environment without any schema dir setting, so only what the test passes counts. */
function withoutSchemaDir(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['GITOPS_SCHEMA_DIR'];
  return env;
}

// The CLI runs with this checkout's apps, on a scratch copy of the real repository: whichever apps
// and environments it has (the first of each).
const [anyApp] = [...(await repositoryCatalog()).keys()];
const [firstEnv] = loadEnvironmentNames(REPO_ROOT);
/** The first cluster's tree of the first environment, dist/<env>/<cluster>. */
const firstTree = environmentConfig(firstEnv!).cluster.distPath;

describe('npm run check (CLI)', () => {
  it('prints help with the flags and the exemption annotation', () => {
    const { status, stdout } = runCheckCli(['--help']);
    expect(status).toBe(0);
    for (const flag of ['--env', '--json', '--schema-dir', '--root', '--rules']) expect(stdout).toContain(flag);
    expect(stdout).toContain('check.gitops-platform.io/exempt-<rule-id>');
  });

  it('lists every rule with --rules', () => {
    const { status, stdout } = runCheckCli(['--rules']);
    expect(status).toBe(0);
    expect(stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(RULES.map((rule) => rule.id));
  });

  it('exits 2 on an unknown flag', () => {
    const { status, stderr } = runCheckCli(['--bogus']);
    expect(status).toBe(2);
    expect(stderr).toContain('--bogus');
  });

  it('prints JSON with --json, and its exit code follows the errors only (warnings never fail)', () => {
    const { status, stdout } = runCheckCli(['--env', firstEnv!, '--json']);
    const report = JSON.parse(stdout) as CheckReport;
    expect([...new Set(report.environments.map((e) => e.environment))]).toEqual([firstEnv]);
    expect(report.ok).toBe(report.errors === 0);
    expect(status).toBe(report.ok ? 0 : 1);
  });

  it('fails (exit 1) when dist/ has errors, and names the missing schema file of an empty --schema-dir', () => {
    const root = scratchRepository();
    const emptySchemaDir = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'no-schemas-'));
    writeFileSync(path.join(root, `dist/${firstTree}/apps/${anyApp}/configmap-leak.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\n  namespace: ${anyApp}\ndata:\n  API_TOKEN: s3cr3t-value\n`);
    const { status, stdout, stderr } = runCheckCli(['--root', root, '--env', firstEnv!, '--schema-dir', emptySchemaDir], { env: withoutSchemaDir() });
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toMatch(/schema-valid +FAILED +schema dir .* \(from --schema-dir\) is unusable: .*_definitions\.json not found/);
    expect(stdout).toContain('no-secret-literals (error)');
    expect(stdout).toContain(`dist/${firstTree}/apps/${anyApp}/configmap-leak.yaml  ConfigMap ${anyApp}/leak`);
    expect(stdout).toContain('run npm run synth and commit dist/');
    expect(stdout).not.toContain('s3cr3t-value');

    const json = runCheckCli(['--root', root, '--env', firstEnv!, '--json', '--schema-dir', emptySchemaDir], { env: withoutSchemaDir() });
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as CheckReport;
    expect(report.ok).toBe(false);
    expect(report.checks.find((check) => check.id === 'schema-valid')).toMatchObject({ status: 'failed', detail: expect.stringContaining('_definitions.json not found') });
  });
});
