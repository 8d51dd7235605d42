import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { cpuMillis, memoryBytes } from '../../src/config/platform/quantity';
import { REPO_ROOT, repositoryApps } from '../support/repo';

const definedApps = await repositoryApps();
let root: string | undefined;

/** Loads the real overlays with overlays/<env>/platform.yaml edited by `edit`; returns the problems. */
function problemsWith(env: string, edit: (text: string) => string): string[] {
  root = mkdtempSync(path.join(tmpdir(), 'platform-config-'));
  cpSync(path.join(REPO_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  const file = path.join(root, 'overlays', env, 'platform.yaml');
  const original = readFileSync(file, 'utf8');
  const edited = edit(original);
  if (edited === original) throw new Error('the edit changed nothing; the test would prove nothing');
  writeFileSync(file, edited);
  try {
    loadOverlays({ root, definedApps });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

/** Line number (1-based) of the first line of overlays/<env>/platform.yaml containing `text`. */
function lineOf(env: string, text: string): number {
  return readFileSync(path.join(REPO_ROOT, 'overlays', env, 'platform.yaml'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('platform.yaml validation', () => {
  it('loads the repository overlays without problems', () => {
    expect(() => loadOverlays({ root: REPO_ROOT, definedApps })).not.toThrow();
  });

  it('fails when the ingress tier would run a single replica', () => {
    const problems = problemsWith('dev', (t) => t.replace(/(ingress:[\s\S]*?replicas: )2/, '$11'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', '  replicas: 2')}: ingress.replicas: too small, got 1, expected at least 2`]);
  });

  it('fails when two DNS providers are configured', () => {
    const problems = problemsWith('prod', (t) => t.replace('    cloudflare:\n', '    route53:\n      region: eu-central-1\n    cloudflare:\n'));
    expect(problems).toEqual([`overlays/prod/platform.yaml:${lineOf('prod', '    zones:')}: certManager.dns01: exactly one DNS provider block (cloudflare, route53, rfc2136) must be set, got 2`]);
  });

  it('fails when Route53 static credentials are half given', () => {
    const problems = problemsWith('prod', (t) =>
      t.replace(/    cloudflare:\n(      .*\n)+/, '    route53:\n      region: eu-central-1\n      accessKeyID:\n        remoteKey: platform/prod/route53\n        property: id\n'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/certManager\.dns01\.route53\.secretAccessKey: static credentials need both accessKeyID and secretAccessKey/);
  });

  it('fails when no StorageClass, or two, is the default', () => {
    const none = problemsWith('staging', (t) => t.replace('    default: true', '    default: false'));
    expect(none).toEqual([`overlays/staging/platform.yaml:${lineOf('staging', '  standard:')}: storageClasses: exactly one StorageClass must set default: true, got 0`]);
    const two = problemsWith('staging', (t) => t.replace('    default: false', '    default: true'));
    expect(two[0]).toContain('storageClasses: exactly one StorageClass must set default: true, got 2');
  });

  it('fails when image verification has both a keyless identity and a public key', () => {
    const problems = problemsWith('prod', (t) => t.replace('    keyless:\n', '    publicKey: |\n      -----BEGIN PUBLIC KEY-----\n      MFkw\n      -----END PUBLIC KEY-----\n    keyless:\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('kyverno.imageVerification: exactly one of keyless or publicKey must be set, got 2');
  });

  it('fails when the LimitRange default request is above the default limit', () => {
    const problems = problemsWith('dev', (t) => t.replace(/(defaultRequest:\n      cpu: .*\n      memory: )64Mi/, '$11Gi'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', '    defaultRequest:') + 2}: tenancy.limitRange.defaultRequest.memory: default memory request is above defaultLimit.memory 256Mi, got "1Gi"`]);
  });

  it('fails when the team role is not one of the built-in roles it may be', () => {
    const problems = problemsWith('prod', (t) => t.replace('teamRole: view', 'teamRole: cluster-admin'));
    expect(problems).toEqual([`overlays/prod/platform.yaml:${lineOf('prod', 'teamRole: view')}: tenancy.teamRole: not an allowed value, got "cluster-admin", expected one of: "edit", "view"`]);
  });

  it('fails on an unknown key in a component section, listing the known ones', () => {
    const problems = problemsWith('dev', (t) => t.replace('certManager:\n', 'certManager:\n  replica: 1\n'));
    expect(problems).toEqual([`overlays/dev/platform.yaml:${lineOf('dev', 'certManager:') + 1}: certManager.replica: unknown key, expected one of: replicas, acme, dns01`]);
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
