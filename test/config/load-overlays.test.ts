import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { FIXTURE_ROOT, fixtureDefinedApps } from '../support/fixture-repository';

/** Most cases need one app: the copied fixture overlays are cut down to `shop` (see overlaysWith). */
const definedApps = new Map([['shop', 'charts/apps/shop.ts']]);
const DIGEST = `sha256:${'a'.repeat(64)}`;
let root: string;

/** A copy of the fixture overlays, reduced to the app `shop`, with one file replaced. */
function overlaysWith(file: string, content: string): string {
  root = mkdtempSync(path.join(tmpdir(), 'overlays-'));
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  for (const env of ['dev', 'qa', 'live']) {
    for (const [name, key] of [['apps.yaml', 'apps'], ['images.yaml', 'images']] as const) {
      const overlay = path.join(root, 'overlays', env, name);
      const doc = parseDocument(readFileSync(overlay, 'utf8'));
      for (const app of ['ledger', 'settle']) doc.deleteIn([key, app]);
      writeFileSync(overlay, String(doc));
    }
  }
  writeFileSync(path.join(root, 'overlays', file), content);
  return root;
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

function loadFails(file: string, content: string): string[] {
  return problemsOf(() => loadOverlays({ root: overlaysWith(file, content), definedApps }));
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('loadOverlays', () => {
  it('loads every environment into frozen typed configs, in promotion order', () => {
    const configs = loadOverlays({ root: FIXTURE_ROOT, definedApps: fixtureDefinedApps });
    expect(configs.map((c) => c.name)).toEqual(['dev', 'qa', 'live']);
    expect(configs.map((c) => c.promotedFrom)).toEqual([undefined, 'dev', 'qa']);
    const live = configs[2]!;
    expect(live.images.shop?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(live.argocd.repoURL).toMatch(/^https:\/\//);
    expect(Object.isFrozen(live)).toBe(true);
    expect(Object.isFrozen(live.images.shop)).toBe(true);
    expect(() => {
      (live.apps as Record<string, unknown>).shop = {};
    }).toThrow(TypeError);
  });

  it('fails when an image uses a tag instead of a digest, naming file, line and field', () => {
    const problems = loadFails('live/images.yaml', `images:\n  shop:\n    repository: registry.example.com/shopfront/shop\n    digest: "1.4.2"\n`);
    expect(problems).toEqual(['overlays/live/images.yaml:4: images.shop.digest: looks like a tag, pin a digest, got "1.4.2", expected sha256:<64 lowercase hex>']);
  });

  it('fails when the digest is `latest`', () => {
    const [problem] = loadFails('live/images.yaml', `images:\n  shop:\n    repository: registry.example.com/shopfront/shop\n    digest: latest\n`);
    expect(problem).toBe('overlays/live/images.yaml:4: images.shop.digest: `latest` is not allowed, pin a digest, got "latest", expected sha256:<64 lowercase hex>');
  });

  it('fails when a digest is malformed (uppercase hex, wrong length)', () => {
    const problems = loadFails('dev/images.yaml', `images:\n  shop:\n    repository: registry.example.com/shopfront/shop\n    digest: sha256:${'A'.repeat(64)}\n`);
    expect(problems[0]).toMatch(/^overlays\/dev\/images\.yaml:4: images\.shop\.digest: invalid value, got "sha256:A{53}"… \(71 chars\), expected sha256:<64 lowercase hex>$/);
    const short = loadFails('dev/images.yaml', `images:\n  shop:\n    repository: registry.example.com/shopfront/shop\n    digest: sha256:abc\n`);
    expect(short[0]).toContain('overlays/dev/images.yaml:4: images.shop.digest');
  });

  it('fails when the repository carries a tag, and when an image entry has a tag key', () => {
    const problems = loadFails('dev/images.yaml', `images:\n  shop:\n    repository: registry.example.com/shopfront/shop:1.0\n    digest: ${DIGEST}\n    tag: "1.0"\n`);
    expect(problems).toContain('overlays/dev/images.yaml:3: images.shop.repository: invalid value, got "registry.example.com/shopfront/shop:1.0", expected registry/path without a tag or digest, e.g. registry.example.com/team/web');
    expect(problems).toContain('overlays/dev/images.yaml:5: images.shop.tag: tags are not allowed, images are pinned by digest, expected one of: repository, digest');
  });

  it('fails on unknown keys with the keys that are allowed', () => {
    const problems = loadFails('qa/environment.yaml', readFileSync(path.join(FIXTURE_ROOT, 'overlays/qa/environment.yaml'), 'utf8').replace('argocd:', 'argocd:\n  nmespace: x'));
    expect(problems).toContain('overlays/qa/environment.yaml:3: argocd.nmespace: unknown key, expected one of: namespace, destinationServer, repoURL, targetRevision, topology, destinationName, hub');
  });

  it('fails on wrong types and missing fields', () => {
    const problems = loadFails('dev/apps.yaml', `apps:\n  shop:\n    replicas: two\n`);
    expect(problems).toEqual(['overlays/dev/apps.yaml:3: apps.shop.replicas: wrong type, got "two", expected number']);
    const missing = loadFails('dev/apps.yaml', `apps:\n  shop: {}\n`);
    expect(missing).toEqual(['overlays/dev/apps.yaml:2: apps.shop.replicas: required field is missing: set replicas, or autoscaling for an HPA, got nothing']);
  });

  it('fails when an app sets both replicas and autoscaling, or inverted autoscaling bounds', () => {
    const both = loadFails('live/apps.yaml', `apps:\n  shop:\n    replicas: 2\n    autoscaling:\n      minReplicas: 2\n      maxReplicas: 4\n`);
    expect(both).toEqual(['overlays/live/apps.yaml:5: apps.shop.autoscaling: replicas and autoscaling exclude each other (the HPA owns the replica count), remove one, got a mapping']);
    const inverted = loadFails('live/apps.yaml', `apps:\n  shop:\n    autoscaling:\n      minReplicas: 5\n      maxReplicas: 3\n`);
    expect(inverted).toEqual(['overlays/live/apps.yaml:4: apps.shop.autoscaling.minReplicas: must not exceed autoscaling.maxReplicas (3), got 5']);
  });

  it('fails when an egress destination is not an IPv4 CIDR', () => {
    const problems = loadFails('dev/apps.yaml', `apps:\n  shop:\n    replicas: 1\n    egress:\n      - cidr: db.example.com\n        port: 5432\n`);
    expect(problems).toEqual(['overlays/dev/apps.yaml:5: apps.shop.egress.0.cidr: invalid value, got "db.example.com", expected an IPv4 CIDR such as 10.20.0.0/16']);
  });

  it('fails when the tee section of platform.yaml misses the taint', () => {
    const platform = readFileSync(path.join(FIXTURE_ROOT, 'overlays/dev/platform.yaml'), 'utf8');
    const problems = loadFails('dev/platform.yaml', platform.slice(0, platform.indexOf('  # Taint on the pool')));
    expect(problems).toEqual([expect.stringMatching(/^overlays\/dev\/platform\.yaml:\d+: tee\.taint: required field is missing, expected object$/)]);
  });

  it('fails on duplicate keys instead of silently keeping the last one', () => {
    const problems = loadFails('dev/apps.yaml', `apps:\n  shop:\n    replicas: 1\n  shop:\n    replicas: 2\n`);
    expect(problems).toEqual(['overlays/dev/apps.yaml:4: (yaml): duplicate key, expected each key once per mapping']);
  });

  it('fails when images.yaml lists an app no chart defines, and when a defined app has no image', () => {
    const problems = loadFails('qa/images.yaml', `images:\n  sohp:\n    repository: registry.example.com/shopfront/shop\n    digest: ${DIGEST}\n`);
    expect(problems).toContain('overlays/qa/images.yaml:2: images.sohp: no chart defines this app, got "sohp", expected one of: shop');
    expect(problems).toContain('overlays/qa/images.yaml:1: images.shop: app defined in charts/apps/shop.ts has no entry here, expected an entry images.shop');
  });

  it('fails on an unknown overlay file (a typo of a real one)', () => {
    const problems = loadFails('dev/image.yaml', 'images: {}\n');
    expect(problems).toContain('overlays/dev/image.yaml:1: (file): unknown overlay file, got "image.yaml", expected one of: environment.yaml, apps.yaml, images.yaml, platform.yaml, clusters/');
  });

  it('reports problems of every environment in one run', () => {
    overlaysWith('dev/apps.yaml', 'apps:\n  shop:\n    replicas: 0\n');
    writeFileSync(path.join(root, 'overlays/live/apps.yaml'), 'apps:\n  shop:\n    replicas: -1\n');
    const problems = problemsOf(() => loadOverlays({ root, definedApps }));
    expect(problems).toEqual([
      'overlays/dev/apps.yaml:3: apps.shop.replicas: too small, got 0, expected at least 1',
      'overlays/live/apps.yaml:3: apps.shop.replicas: too small, got -1, expected at least 1',
    ]);
  });

  it('fails on malformed YAML with its line', () => {
    const problems = loadFails('dev/apps.yaml', 'apps:\n  shop:\n    replicas: [1\n');
    expect(problems[0]).toMatch(/^overlays\/dev\/apps\.yaml:\d+: \(yaml\): invalid YAML/);
  });
});
