import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { FIXTURE_ROOT, fixtureDefinedApps } from '../support/fixture-repository';

/** A copy of the fixture repository's overlays that a test may edit. */
function overlaysCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'overlay-memo-'));
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  return root;
}

function qa(root: string) {
  return loadOverlays({ root, definedApps: fixtureDefinedApps, environments: ['qa'] })[0]!;
}

describe('loading overlays a second time in one process', () => {
  it('reuses an unchanged file\'s parse, and parses an edited one again', () => {
    const root = overlaysCopy();
    const first = qa(root);
    const images = path.join(root, 'overlays/qa/images.yaml');
    writeFileSync(images, readFileSync(images, 'utf8').replace(/(shop:\n\s+repository: \S+\n\s+digest: )sha256:[0-9a-f]{64}/, `$1sha256:${'e'.repeat(64)}`));

    const second = qa(root);

    expect(second.apps).toBe(first.apps);
    expect(second.platform).toBe(first.platform);
    expect(second.images).not.toBe(first.images);
    expect(second.images['shop']!.digest).toBe(`sha256:${'e'.repeat(64)}`);
    expect(second.images['ledger']).toEqual(first.images['ledger']);
  });

  it('reports problems on every load: a file that parses but names an unknown app, and one that does not validate', () => {
    const problems = (root: string) => {
      try {
        qa(root);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.problem}`) : [String(error)];
      }
    };
    const unknownApp = overlaysCopy();
    const apps = path.join(unknownApp, 'overlays/qa/apps.yaml');
    writeFileSync(apps, `${readFileSync(apps, 'utf8')}  nobody:\n    replicas: 1\n`);
    const line = readFileSync(apps, 'utf8').split('\n').length - 2;
    const expected = [`overlays/qa/apps.yaml:${line}: apps.nobody: no chart defines this app`];
    expect(problems(unknownApp)).toEqual(expected);
    expect(problems(unknownApp)).toEqual(expected);
    // The same text in another repository: the parse is shared, the cross-check is its own.
    const another = overlaysCopy();
    writeFileSync(path.join(another, 'overlays/qa/apps.yaml'), readFileSync(apps, 'utf8'));
    expect(problems(another)).toEqual(expected);

    const invalid = overlaysCopy();
    writeFileSync(path.join(invalid, 'overlays/qa/apps.yaml'), readFileSync(apps, 'utf8').replace('replicas: 1\n', 'replicas: many\n'));
    const once = problems(invalid);
    expect(once).toHaveLength(1);
    expect(once[0]).toMatch(/^overlays\/qa\/apps\.yaml:\d+: apps\.nobody\.replicas: /);
    expect(problems(invalid)).toEqual(once);
  });

  it('loads only the environments asked for, still cross-checking them against the defined apps', () => {
    const root = overlaysCopy();
    expect(loadOverlays({ root, definedApps: fixtureDefinedApps, environments: ['live'] }).map((c) => c.name)).toEqual(['live']);
    const fewerApps = new Map([...fixtureDefinedApps].filter(([name]) => name !== 'settle'));
    expect(() => loadOverlays({ root, definedApps: fewerApps, environments: ['live'] })).toThrow('overlays/live/apps.yaml');
  });
});
