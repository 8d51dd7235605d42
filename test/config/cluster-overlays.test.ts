import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definedAppFiles } from '../../src/app-catalog';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { applyMergePatch } from '../../src/config/merge-patch';
import { fixtureCatalog, fixtureConfig } from '../support/fixture-repository';
import { fleetConfigs, writeFleetOverlays } from '../support/fleet-repository';

const definedApps = definedAppFiles(fixtureCatalog);

function cluster(name: string) {
  const config = fleetConfigs().find((c) => c.cluster.name === name);
  if (!config) throw new Error(`no cluster ${name}`);
  return config;
}

/** The fleet's overlays with some files replaced (path below overlays/ -> text, undefined deletes); the problems loading them. */
function problemsWith(files: Record<string, string | undefined>): string[] {
  const root = mkdtempSync(path.join(tmpdir(), 'fleet-broken-'));
  writeFleetOverlays(root);
  for (const [file, text] of Object.entries(files)) {
    if (text === undefined) rmSync(path.join(root, 'overlays', file));
    else writeFileSync(path.join(root, 'overlays', file), text);
  }
  try {
    loadOverlays({ root, definedApps });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the overlays loaded without problems');
}

describe('JSON merge patch (RFC 7386), the rule of cluster overlays', () => {
  it('merges mappings by key, removes with null and replaces lists and scalars whole', () => {
    const environment = { a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: 'keep' };
    expect(applyMergePatch(environment, { a: { b: 2, c: [3], d: null } })).toEqual({ a: { b: 2, c: [3] }, f: 'keep' });
    expect(environment).toEqual({ a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: 'keep' });
  });
});

describe('clusters of an environment', () => {
  it('are loaded one config each, environments in promotion order and clusters wave by wave', () => {
    expect(fleetConfigs().map((c) => `${c.name}/${c.cluster.name} wave ${c.cluster.wave} ${c.cluster.waveName}`)).toEqual([
      'dev/dev wave 1 dev',
      'qa/qa-a wave 1 all',
      'qa/qa-b wave 1 all',
      'live/live-canary wave 1 canary',
      'live/live-eu wave 2 regions',
      'live/live-us wave 2 regions',
    ]);
    expect(cluster('live-us').cluster).toEqual({ name: 'live-us', wave: 2, waveName: 'regions', distPath: 'live/live-us', overlayFile: 'overlays/live/clusters/live-us.yaml' });
    expect(cluster('dev').cluster.overlayFile).toBeUndefined();
  });

  it('take the environment values and override only what their file states', () => {
    const live = fixtureConfig('live');
    const us = cluster('live-us');
    expect(us.domain).toBe('us.example.com');
    expect(us.platform.backup.storage).toMatchObject({ region: 'us-east-1', bucket: 'example-velero-live-us' });
    // Everything the cluster does not state is the environment's.
    expect(us.platform.backup.dailyTtl).toBe(live.platform.backup.dailyTtl);
    expect(us.platform.ingress).toEqual(live.platform.ingress);
    expect(us.apps).toEqual(live.apps);
    expect(us.images).toEqual(live.images);
    expect(us.argocd).toEqual(live.argocd);
  });

  it('remove an inherited value with null, and replace one field of an app', () => {
    expect(fixtureConfig('live').platform.stackrox.central).toBeDefined();
    expect(cluster('live-canary').platform.stackrox.central).toBeUndefined();
    expect(cluster('live-eu').platform.stackrox.central).toEqual(fixtureConfig('live').platform.stackrox.central);
    expect(cluster('live-canary').apps['shop']!.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 4 });
  });
});

describe('problems in cluster overlays', () => {
  it('an unknown field is an error in the cluster file, with the fields that may be overridden', () => {
    const [problem] = problemsWith({ 'live/clusters/live-us.yaml': 'domain: us.example.com\nregion: us-east-1\n' });
    expect(problem).toMatch(/^overlays\/live\/clusters\/live-us\.yaml:2: region: unknown field, got "region", expected a field of the environment to override, one of: .*\bbackup\b.*\bdomain\b/);
  });

  it('an unknown key below a known field is reported at its line in the cluster file', () => {
    expect(problemsWith({ 'live/clusters/live-us.yaml': 'backup:\n  storage:\n    regoin: us-east-1\n' })).toContain(
      'overlays/live/clusters/live-us.yaml:3: backup.storage.regoin: unknown key, expected one of: endpoint, region, bucket, forcePathStyle',
    );
  });

  it('an invalid value is reported in the cluster file that set it, with the value and what is expected', () => {
    const problems = problemsWith({ 'live/clusters/live-eu.yaml': 'domain: eu.example.com\nkubernetesVersion: 1.29.0\n' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^overlays\/live\/clusters\/live-eu\.yaml:2: kubernetesVersion: invalid value, got "1\.29\.0", expected a 1\.28 release/);
  });

  it('removing a required value is the cluster file\'s problem', () => {
    expect(problemsWith({ 'live/clusters/live-eu.yaml': 'backup:\n  dailyTtl: null\n' })).toEqual([
      'overlays/live/clusters/live-eu.yaml:2: backup.dailyTtl: required field is missing, expected string',
    ]);
  });

  it('a rule across fields broken by the cluster (replicas beside the environment\'s autoscaling) is the cluster file\'s', () => {
    const [problem] = problemsWith({ 'live/clusters/live-eu.yaml': 'apps:\n  shop:\n    replicas: 2\n' });
    expect(problem).toMatch(/^overlays\/live\/clusters\/live-eu\.yaml:\d+: apps\.shop\.autoscaling: replicas and autoscaling exclude each other/);
  });

  it('an app no chart defines, set in a cluster file', () => {
    expect(problemsWith({ 'live/clusters/live-eu.yaml': 'apps:\n  nope:\n    replicas: 2\n' })[0]).toMatch(/^overlays\/live\/clusters\/live-eu\.yaml:2: apps\.nope: no chart defines this app/);
  });

  it('waves belong to the environment, not to a cluster', () => {
    expect(problemsWith({ 'live/clusters/live-eu.yaml': 'waves: []\n' })[0]).toMatch(/^overlays\/live\/clusters\/live-eu\.yaml:1: waves: waves are the environment's, not a cluster's/);
  });

  it('every listed cluster has a file, and every file a listed cluster', () => {
    expect(problemsWith({ 'live/clusters/live-us.yaml': undefined })).toEqual(['overlays/live/clusters/live-us.yaml:1: (file): file is missing, expected the file to exist']);
    expect(problemsWith({ 'live/clusters/live-ap.yaml': 'domain: ap.example.com\n' })).toEqual([
      'overlays/live/clusters/live-ap.yaml:1: (file): no wave of environment.yaml lists this cluster, got "live-ap.yaml", expected one file <cluster>.yaml per cluster of overlays/live/environment.yaml waves: live-canary, live-eu, live-us',
    ]);
  });

  it('a cluster in two waves, and a cluster name another environment uses', () => {
    const environment = (clusters: string) => `argocd:\n  namespace: argocd\n  destinationServer: https://kubernetes.default.svc\n  repoURL: https://github.com/example-org/gitops-platform.git\n  targetRevision: main\ndomain: example.com\nkubernetesVersion: 1.28.15\nwaves:\n${clusters}`;
    expect(problemsWith({ 'live/environment.yaml': environment('  - name: canary\n    clusters: [live-canary]\n  - name: regions\n    clusters: [live-eu, live-us, live-canary]\n') })).toEqual([
      'overlays/live/environment.yaml:12: waves[1].clusters[2]: cluster listed twice, got "live-canary", expected each cluster of live in exactly one wave',
    ]);
    const [collision] = problemsWith({ 'live/environment.yaml': environment('  - name: all\n    clusters: [live-canary, live-eu, live-us, dev]\n'), 'live/clusters/dev.yaml': 'domain: dev-in-live.example.com\n' });
    expect(collision).toBe('overlays/live/environment.yaml:10: waves[0].clusters[3]: cluster name already used by environment dev, got "dev", expected cluster names unique across all environments (they label the fleet\'s metrics and logs)');
  });

  it('hub settings only in a hub-and-spoke environment', () => {
    expect(problemsWith({ 'live/clusters/live-eu.yaml': 'argocd:\n  destinationName: eu\n' })).toEqual([
      'overlays/live/clusters/live-eu.yaml:2: argocd.destinationName: set, but argocd.topology is per-cluster, expected argocd.topology: hub-and-spoke, or no hub settings',
    ]);
  });
});
