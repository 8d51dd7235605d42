import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { cpuMillis, memoryBytes } from '../../src/config/platform/quantity';
import { FIXTURE_ROOT, fixtureDefinedApps as definedApps } from '../support/fixture-repository';

let root: string | undefined;

/** A copy of the fixture overlays with overlays/<env>/platform.yaml edited by `edit`. */
function withPlatform(env: string, edit: (text: string) => string) {
  root = mkdtempSync(path.join(tmpdir(), 'platform-config-'));
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  const file = path.join(root, 'overlays', env, 'platform.yaml');
  const original = readFileSync(file, 'utf8');
  const edited = edit(original);
  if (edited === original) throw new Error('the edit changed nothing; the test would prove nothing');
  writeFileSync(file, edited);
  const repository = root;
  return {
    load: () => loadOverlays({ root: repository, definedApps }),
    /** Line number (1-based) of the first line of the edited file containing `text`. */
    editedLineOf: (text: string) => edited.split('\n').findIndex((l) => l.includes(text)) + 1,
  };
}

/** The problems of loading the overlays with overlays/<env>/platform.yaml edited by `edit` ([] when it loads). */
function problemsWith(env: string, edit: (text: string) => string): string[] {
  return problemsOf(withPlatform(env, edit).load);
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

/** Line number (1-based) of the first line of the fixture's overlays/<env>/platform.yaml containing `text`. */
function lineOf(env: string, text: string): number {
  return readFileSync(path.join(FIXTURE_ROOT, 'overlays', env, 'platform.yaml'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('platform.yaml validation', () => {
  it('loads the fixture overlays without problems', () => {
    expect(() => loadOverlays({ root: FIXTURE_ROOT, definedApps })).not.toThrow();
  });

  it('fails when the ingress tier would run a single replica', () => {
    const problems = problemsWith('dev', (t) => t.replace(/(ingress:[\s\S]*?replicas: )2/, '$11'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', '  replicas: 2')}: ingress.replicas: too small, got 1, expected at least 2`]);
  });

  it('fails when two DNS providers are configured', () => {
    const problems = problemsWith('live', (t) => t.replace('    cloudflare:\n', '    route53:\n      region: eu-central-1\n    cloudflare:\n'));
    expect(problems).toEqual([`overlays/live/platform.yaml:${lineOf('live', '    zones:')}: certManager.dns01: exactly one DNS provider block (cloudflare, route53, rfc2136) must be set, got 2`]);
  });

  it('fails when Route53 static credentials are half given', () => {
    const problems = problemsWith('live', (t) =>
      t.replace(/    cloudflare:\n(      .*\n)+/, '    route53:\n      region: eu-central-1\n      accessKeyID:\n        remoteKey: platform/prod/route53\n        property: id\n'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/certManager\.dns01\.route53\.secretAccessKey: static credentials need both accessKeyID and secretAccessKey/);
  });

  it('fails when no StorageClass, or two, is the default', () => {
    const none = problemsWith('qa', (t) => t.replace('    default: true', '    default: false'));
    expect(none).toEqual([`overlays/qa/platform.yaml:${lineOf('qa', '  standard:')}: storageClasses: exactly one StorageClass must set default: true, got 0`]);
    const two = problemsWith('qa', (t) => t.replace('    default: false', '    default: true'));
    expect(two[0]).toContain('storageClasses: exactly one StorageClass must set default: true, got 2');
  });

  it('fails when image verification has both a keyless identity and a public key', () => {
    const problems = problemsWith('live', (t) => t.replace('    keyless:\n', '    publicKey: |\n      -----BEGIN PUBLIC KEY-----\n      MFkw\n      -----END PUBLIC KEY-----\n    keyless:\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('kyverno.imageVerification: exactly one of keyless or publicKey must be set, got 2');
  });

  it('fails when the LimitRange default request is above the default limit', () => {
    const problems = problemsWith('dev', (t) => t.replace(/(defaultRequest:\n      cpu: .*\n      memory: )64Mi/, '$11Gi'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', '    defaultRequest:') + 2}: tenancy.limitRange.defaultRequest.memory: default memory request is above defaultLimit.memory 256Mi, got "1Gi"`]);
  });

  it('fails when the team role is not one of the built-in roles it may be', () => {
    const problems = problemsWith('live', (t) => t.replace('teamRole: view', 'teamRole: cluster-admin'));
    expect(problems).toEqual([`overlays/live/platform.yaml:${lineOf('live', 'teamRole: view')}: tenancy.teamRole: not an allowed value, got "cluster-admin", expected one of: "edit", "view"`]);
  });

  it('fails on an unknown key in a component section, listing the known ones', () => {
    const problems = problemsWith('dev', (t) => t.replace('certManager:\n', 'certManager:\n  replica: 1\n'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', 'certManager:') + 1}: certManager.replica: unknown key, expected one of: replicas, acme, dns01`]);
  });
});

describe('platform.yaml metricsServer', () => {
  it('defaults to on with two replicas where the overlay says nothing, and honours an explicit switch', () => {
    const configs = loadOverlays({ root: FIXTURE_ROOT, definedApps });
    expect(configs.map((c) => [c.name, c.platform.metricsServer])).toEqual([
      ['dev', { enabled: true, replicas: 1 }],
      ['qa', { enabled: false, replicas: 2 }],
      ['live', { enabled: true, replicas: 2 }],
    ]);
  });

  it('fails on a switch that is not a boolean, naming file and line', () => {
    const problems = problemsWith('qa', (t) => t.replace('metricsServer:\n  enabled: false', 'metricsServer:\n  enabled: "no"'));
    expect(problems).toEqual([`overlays/qa/platform.yaml:${lineOf('qa', 'metricsServer:') + 1}: metricsServer.enabled: wrong type, got "no", expected boolean`]);
  });

  it('fails on zero replicas', () => {
    const problems = problemsWith('dev', (t) => t.replace(/(metricsServer:\n  enabled: true\n  replicas: )1/, '$10'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', 'metricsServer:') + 2}: metricsServer.replicas: too small, got 0, expected at least 1`]);
  });
});

describe('platform.yaml externalDns', () => {
  it('fails when the provider\'s block is missing, naming file and line', () => {
    const problems = problemsWith('qa', (t) => t.replace('  provider: aws\n', '  provider: cloudflare\n'));
    expect(problems).toEqual([
      `overlays/qa/platform.yaml:${lineOf('qa', 'externalDns:') + 1}: externalDns: provider cloudflare needs its cloudflare block, got "cloudflare"`,
      `overlays/qa/platform.yaml:${lineOf('qa', '    serviceAccountRoleArn:')}: externalDns.aws: the aws block is set, but provider is cloudflare (remove one), got "aws"`,
    ]);
  });

  it('fails on a zone that is not a DNS name', () => {
    const problems = problemsWith('qa', (t) => t.replace('  domainFilters:\n    - qa.example.com', '  domainFilters:\n    - qa_example'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^overlays/qa/platform.yaml:${lineOf('qa', '  domainFilters:') + 1}: externalDns.domainFilters.0: .*got "qa_example"`));
  });
});

describe('platform.yaml tee.attestation', () => {
  it('fails on a KBS URL that is not https, naming file and line', () => {
    const problems = problemsWith('live', (t) => t.replace('kbsUrl: https://kbs.example.com:8080', 'kbsUrl: http://kbs.example.com:8080'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^overlays/live/platform.yaml:${lineOf('live', '    kbsUrl:')}: tee.attestation.kbsUrl: .*https`));
  });

  it('fails on an agent policy that is not the agent_policy package', () => {
    const problems = problemsWith('live', (t) => t.replace('      package agent_policy\n', '      package other\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^overlays/live/platform.yaml:${lineOf('live', '    agentPolicy:')}: tee.attestation.agentPolicy: a Rego policy starting with \`package agent_policy\``));
  });
});

describe('quantities', () => {
  it('parses CPU and memory the way Kubernetes reads them', () => {
    expect([cpuMillis('250m'), cpuMillis('2'), cpuMillis('0.5')]).toEqual([250, 2000, 500]);
    expect([memoryBytes('512Mi'), memoryBytes('1Gi'), memoryBytes('1024')]).toEqual([512 * 1024 ** 2, 1024 ** 3, 1024]);
  });

  it('fails on quantities outside the supported forms', () => {
    expect(() => cpuMillis('1.5m')).toThrow("'1.5m' is not a CPU quantity");
    expect(() => memoryBytes('1GB')).toThrow("'1GB' is not a memory quantity");
  });
});

describe('platform.yaml of monitoring, logging, backup, StackRox and TEE nodes', () => {
  it('loads retention 3/7/15 days, Central only in the last environment, TEE pools everywhere', () => {
    const configs = loadOverlays({ root: FIXTURE_ROOT, definedApps });
    expect(configs.map((c) => c.platform.monitoring.prometheus.retentionDays)).toEqual([3, 7, 15]);
    expect(configs.map((c) => c.platform.stackrox.central !== undefined)).toEqual([false, false, true]);
    expect(configs.map((c) => c.platform.tee?.technology)).toEqual(['SEV-SNP', 'SEV-SNP', 'SEV-SNP']);
  });

  it('fails when monitoring.controlPlane is missing: no silent default for who runs the control plane', () => {
    const { load, editedLineOf } = withPlatform('qa', (t) => t.replace(/ *controlPlane: managed\n/, ''));
    // A missing key is reported at the first line of its section's remaining content.
    expect(problemsOf(load)).toEqual([`overlays/qa/platform.yaml:${editedLineOf('  prometheus:')}: monitoring.controlPlane: not an allowed value, got nothing, expected one of: "managed", "self-hosted"`]);
  });

  it('fails when monitoring.controlPlane is neither managed nor self-hosted', () => {
    const problems = problemsWith('live', (t) => t.replace('controlPlane: managed', 'controlPlane: eks'));
    expect(problems).toEqual([`overlays/live/platform.yaml:${lineOf('live', 'controlPlane: managed')}: monitoring.controlPlane: not an allowed value, got "eks", expected one of: "managed", "self-hosted"`]);
  });

  it('fails when retention is below the 7-day policy without a reason', () => {
    const { load, editedLineOf } = withPlatform('dev', (t) => t.replace(/ *shortRetentionReason: .*\n/, ''));
    expect(problemsOf(load)).toEqual([
      `overlays/dev/platform.yaml:${editedLineOf('retentionDays: 3')}: monitoring.prometheus.retentionDays: below the 7-15 day policy without a shortRetentionReason, got 3`,
    ]);
  });

  it('fails when a short-retention reason is given for a retention within the policy', () => {
    const { load, editedLineOf } = withPlatform('qa', (t) => t.replace('retentionDays: 7\n', 'retentionDays: 7\n    shortRetentionReason: because we always did it like this\n'));
    expect(problemsOf(load)).toEqual([
      `overlays/qa/platform.yaml:${editedLineOf('shortRetentionReason')}: monitoring.prometheus.shortRetentionReason: only allowed when retentionDays is below 7 (remove it), got "because we always did it like this"`,
    ]);
  });

  it('fails when retention exceeds 15 days, even with a reason', () => {
    const { load, editedLineOf } = withPlatform('live', (t) => t.replace('retentionDays: 15', 'retentionDays: 30'));
    expect(problemsOf(load)).toEqual([`overlays/live/platform.yaml:${editedLineOf('retentionDays: 30')}: monitoring.prometheus.retentionDays: too large, got 30, expected at most 15`]);
  });

  it('fails when backups would go to object storage inside the cluster', () => {
    const { load, editedLineOf } = withPlatform('live', (t) => t.replace('endpoint: https://objects.example.com\n    region: eu-central-1\n    bucket: example-velero-live', 'endpoint: https://minio.backup.svc.cluster.local\n    region: eu-central-1\n    bucket: example-velero-live'));
    expect(problemsOf(load)).toEqual([
      `overlays/live/platform.yaml:${editedLineOf('endpoint: https://minio.backup.svc.cluster.local')}: backup.storage.endpoint: an in-cluster host, got "https://minio.backup.svc.cluster.local", expected an endpoint outside the cluster (not *.svc or *.cluster.local): backups and logs must survive the cluster`,
    ]);
  });

  it('fails when the TEE technology is unknown and when the tuner has nothing to tune', () => {
    const { load } = withPlatform('qa', (t) => t.replace('technology: SEV-SNP', 'technology: SGX').replace(/    sysctls:\n(      .*\n)+/, '    sysctls: {}\n'));
    const problems = problemsOf(load);
    expect(problems).toContainEqual(expect.stringMatching(/tee\.technology: not an allowed value, got "SGX", expected one of: "SEV-SNP", "TDX"$/));
    expect(problems).toContainEqual(expect.stringMatching(/tee\.tuner\.sysctls: at least one sysctl/));
  });

  it('fails when a TEE node label is in a namespace Node Feature Discovery may not write', () => {
    const { load } = withPlatform('live', (t) => t.replace('    node.example.com/tee: sev-snp', '    node-role.kubernetes.io/tee: sev-snp'));
    expect(problemsOf(load)).toContainEqual(expect.stringMatching(/^overlays\/live\/platform\.yaml:\d+: tee\.nodeSelector: labels outside kubernetes\.io\/k8s\.io/));
  });

  it('loads an environment without a TEE node pool (the block is optional)', () => {
    const { load } = withPlatform('dev', (t) => t.slice(0, t.indexOf('# Confidential-computing node pool')));
    expect(load().find((c) => c.name === 'dev')?.platform.tee).toBeUndefined();
  });
});

describe('platform.yaml monitoring.remoteWrite', () => {
  it('fails when both basicAuth and a bearerToken are set, naming file and line', () => {
    const problems = problemsWith('live', (t) => t.replace('  remoteWrite:\n', '  remoteWrite:\n    bearerToken: {remoteKey: platform/monitoring/remote-write, property: token}\n'));
    expect(problems).toEqual([`overlays/live/platform.yaml:${lineOf('live', '  remoteWrite:') + 1}: monitoring.remoteWrite.bearerToken: basicAuth is set too, expected at most one of basicAuth and bearerToken, got "bearerToken"`]);
  });

  it('fails when the store is not reached over https', () => {
    const problems = problemsWith('live', (t) => t.replace('url: https://metrics.example.com/api/v1/push', 'url: http://metrics.example.com/api/v1/push'));
    expect(problems).toEqual([
      `overlays/live/platform.yaml:${lineOf('live', 'url: https://metrics.example.com')}: monitoring.remoteWrite.url: scheme http: is not allowed, got "http://metrics.example.com/api/v1/push", expected an https:// URL of the central store's remote-write endpoint`,
    ]);
  });
});

describe('platform.yaml backup.replica', () => {
  it('fails when the replica is the very same endpoint and region as the primary location', () => {
    const problems = problemsWith('live', (t) => t.replace('endpoint: https://objects.eu-west-1.example.com\n      region: eu-west-1', 'endpoint: https://objects.example.com\n      region: eu-central-1'));
    expect(problems).toEqual([
      `overlays/live/platform.yaml:${lineOf('live', '      region: eu-west-1')}: backup.replica.storage.region: the same endpoint and region as backup.storage, expected a location in a second region (another region, or another endpoint), got "eu-central-1"`,
    ]);
  });

  it('fails on an unknown field in the replica (no silently ignored typo)', () => {
    const problems = problemsWith('live', (t) => t.replace('    credentialsKey: platform/backup/velero-replica-s3', '    credentialKey: platform/backup/velero-replica-s3'));
    expect(problems.join('\n')).toMatch(/overlays\/live\/platform\.yaml:\d+: backup\.replica.*credentialKey/);
    expect(problems.join('\n')).toMatch(/backup\.replica\.credentialsKey/);
  });
});
