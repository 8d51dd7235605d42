import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { loadAppCatalog } from '../../src/app-catalog';
import { loadOverlays } from '../../src/config/load-overlays';
import { REPO_ROOT } from '../support/repo';

const catalog = await loadAppCatalog(REPO_ROOT);
const definedApps = new Map([...catalog].map(([name, entry]) => [name, entry.file]));
let root: string | undefined;

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** Loads a copy of the real overlays in which `edit` rewrote one environment's platform.yaml. */
function loadWithPlatform(env: string, edit: (text: string) => string) {
  root = mkdtempSync(path.join(tmpdir(), 'overlays-issue4-'));
  cpSync(path.join(REPO_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  const file = path.join(root, 'overlays', env, 'platform.yaml');
  const edited = edit(readFileSync(file, 'utf8'));
  writeFileSync(file, edited);
  return { load: () => loadOverlays({ root: root!, definedApps }), lineOf: (needle: string) => edited.split('\n').findIndex((l) => l.includes(needle)) + 1 };
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('platform overlays of monitoring, logging, backup, StackRox and TEE nodes', () => {
  it('loads the repository: retention 3/7/15 days, Central only in prod, TEE pools everywhere', () => {
    const configs = loadOverlays({ root: REPO_ROOT, definedApps });
    expect(configs.map((c) => c.platform.monitoring.prometheus.retentionDays)).toEqual([3, 7, 15]);
    expect(configs.map((c) => c.platform.stackrox.central !== undefined)).toEqual([false, false, true]);
    expect(configs.map((c) => c.platform.tee?.technology)).toEqual(['SEV-SNP', 'SEV-SNP', 'SEV-SNP']);
  });

  it('fails when retention is below the 7-day policy without a reason', () => {
    const { load, lineOf } = loadWithPlatform('dev', (t) => t.replace(/ *shortRetentionReason: .*\n/, ''));
    expect(problemsOf(load)).toEqual([
      `overlays/dev/platform.yaml:${lineOf('retentionDays: 3')}: monitoring.prometheus.retentionDays: below the 7-15 day policy without a shortRetentionReason, got 3`,
    ]);
  });

  it('fails when a short-retention reason is given for a retention within the policy', () => {
    const { load, lineOf } = loadWithPlatform('staging', (t) => t.replace('retentionDays: 7\n', 'retentionDays: 7\n    shortRetentionReason: because we always did it like this\n'));
    expect(problemsOf(load)).toEqual([
      `overlays/staging/platform.yaml:${lineOf('shortRetentionReason')}: monitoring.prometheus.shortRetentionReason: only allowed when retentionDays is below 7 (remove it), got "because we always did it like this"`,
    ]);
  });

  it('fails when retention exceeds 15 days, even with a reason', () => {
    const { load, lineOf } = loadWithPlatform('prod', (t) => t.replace('retentionDays: 15', 'retentionDays: 30'));
    expect(problemsOf(load)).toEqual([`overlays/prod/platform.yaml:${lineOf('retentionDays: 30')}: monitoring.prometheus.retentionDays: too large, got 30, expected at most 15`]);
  });

  it('fails when backups would go to object storage inside the cluster', () => {
    const { load } = loadWithPlatform('prod', (t) => t.replace('endpoint: https://objects.example.com\n    region: eu-central-1\n    bucket: example-velero-prod', 'endpoint: https://minio.backup.svc.cluster.local\n    region: eu-central-1\n    bucket: example-velero-prod'));
    const [problem] = problemsOf(load);
    expect(problem).toMatch(/^overlays\/prod\/platform\.yaml:\d+: backup\.storage\.endpoint: an endpoint outside the cluster/);
  });

  it('fails when the TEE technology is unknown and when the tuner has nothing to tune', () => {
    const { load } = loadWithPlatform('staging', (t) => t.replace('technology: SEV-SNP', 'technology: SGX').replace(/    sysctls:\n(      .*\n)+/, '    sysctls: {}\n'));
    const problems = problemsOf(load);
    expect(problems).toContainEqual(expect.stringMatching(/tee\.technology: not an allowed value, got "SGX", expected one of: "SEV-SNP", "TDX"$/));
    expect(problems).toContainEqual(expect.stringMatching(/tee\.tuner\.sysctls: at least one sysctl/));
  });

  it('fails when a TEE node label is in a namespace Node Feature Discovery may not write', () => {
    const { load } = loadWithPlatform('prod', (t) => t.replace('    node.example.com/tee: sev-snp', '    node-role.kubernetes.io/tee: sev-snp'));
    expect(problemsOf(load)).toContainEqual(expect.stringMatching(/^overlays\/prod\/platform\.yaml:\d+: tee\.nodeSelector: labels outside kubernetes\.io\/k8s\.io/));
  });

  it('loads an environment without a TEE node pool (the block is optional)', () => {
    const { load } = loadWithPlatform('dev', (t) => t.slice(0, t.indexOf('# Confidential-computing node pool')));
    expect(load().find((c) => c.name === 'dev')?.platform.tee).toBeUndefined();
  });
});
