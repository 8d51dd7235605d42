import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { FIXTURE_ROOT, fixtureDefinedApps as definedApps } from '../support/fixture-repository';

/** The fixture's overlays with qa/environment.yaml edited by `edit`; returns the problems. */
function problemsWithQa(edit: (text: string) => string): string[] {
  const root = mkdtempSync(path.join(tmpdir(), 'kubernetes-version-'));
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  const file = path.join(root, 'overlays/qa/environment.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  try {
    loadOverlays({ root, definedApps });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

/** Line of `kubernetesVersion:` in the fixture's qa overlay. */
const line = readFileSync(path.join(FIXTURE_ROOT, 'overlays/qa/environment.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('kubernetesVersion:')) + 1;

describe('environment.yaml kubernetesVersion', () => {
  it('every environment states its cluster version', () => {
    const configs = loadOverlays({ root: FIXTURE_ROOT, definedApps });
    for (const config of configs) expect(config.kubernetesVersion).toMatch(/^1\.28\.\d+$/);
  });

  it('has no default: a missing version is an error at its file', () => {
    expect(problemsWithQa((text) => text.replace(/^kubernetesVersion:.*\n/m, ''))).toEqual(['overlays/qa/environment.yaml:2: kubernetesVersion: required field is missing, expected string']);
  });

  it.each([
    ['v1.28.15', '"v1.28.15"'],
    ['1.29.2', '"1.29.2"'],
    ['"1.28"', '"1.28"'],
  ])('%s is refused with file, line and what is expected', (value, got) => {
    expect(problemsWithQa((text) => text.replace(/^kubernetesVersion:.*$/m, `kubernetesVersion: ${value}`))).toEqual([
      `overlays/qa/environment.yaml:${line}: kubernetesVersion: invalid value, got ${got}, expected a 1.28 release such as 1.28.15 (major.minor.patch, no v; the platform targets Kubernetes 1.28)`,
    ]);
  });

  it('an unquoted 1.28 is a number, and says so', () => {
    expect(problemsWithQa((text) => text.replace(/^kubernetesVersion:.*$/m, 'kubernetesVersion: 1.28'))).toEqual([`overlays/qa/environment.yaml:${line}: kubernetesVersion: wrong type, got 1.28, expected string`]);
  });
});
