import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, renameSync, symlinkSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDigest } from '../../src/helm/chart-digest';
import { FIXTURE_CHARTS, scratchDir } from '../support/helm';

const fixture = path.join(FIXTURE_CHARTS, 'fixture-operator');

function copyOfFixture(): string {
  const dir = path.join(scratchDir('digest'), 'fixture-operator');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

describe('chart directory digest', () => {
  it('is sha256 over sorted "<file sha256>  <path>" lines, the same as coreutils computes', () => {
    // An independent implementation of the documented construction: find | sort | sha256sum | sha256sum.
    const shell = spawnSync('sh', ['-c', "find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum"], { cwd: fixture, encoding: 'utf8' });
    expect(shell.status).toBe(0);
    expect(chartDigest(fixture)).toBe(`sha256:${shell.stdout.split(' ')[0]}`);
  });

  it('ignores timestamps, modes and where the folder is', () => {
    const copy = copyOfFixture();
    utimesSync(path.join(copy, 'values.yaml'), new Date(0), new Date(0));
    chmodSync(path.join(copy, 'Chart.yaml'), 0o600);
    expect(chartDigest(copy)).toBe(chartDigest(fixture));
  });

  it('changes with one byte of content, a renamed file or an added file', () => {
    const digest = chartDigest(fixture);
    const edited = copyOfFixture();
    appendFileSync(path.join(edited, 'templates/deployment.yaml'), ' ');
    const renamed = copyOfFixture();
    renameSync(path.join(renamed, 'templates/webhook-service.yaml'), path.join(renamed, 'templates/webhook-svc.yaml'));
    const added = copyOfFixture();
    appendFileSync(path.join(added, 'templates/extra.yaml'), '');
    const digests = [digest, chartDigest(edited), chartDigest(renamed), chartDigest(added)];
    expect(new Set(digests).size).toBe(4);
  });

  it('refuses a symbolic link instead of hashing what it points to', () => {
    const copy = copyOfFixture();
    symlinkSync('/etc/hostname', path.join(copy, 'templates/link.yaml'));
    expect(() => chartDigest(copy)).toThrow(`${path.join(copy, 'templates/link.yaml')} is a symbolic link; a chart directory holds only files and folders`);
  });
});
