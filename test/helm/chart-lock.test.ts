import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_LOCK_FILE, readChartLock, writeChartLock } from '../../src/helm/chart-lock';
import { REPO_ROOT } from '../support/repo';
import { scratchDir } from '../support/helm';

const digestA = `sha256:${'a'.repeat(64)}`;
const digestB = `sha256:${'b'.repeat(64)}`;

function lockIn(content: string): string {
  const root = scratchDir('lock');
  writeFileSync(path.join(root, 'charts.lock.json'), content);
  return root;
}

describe('chart lock file', () => {
  it('the committed lock is valid', () => {
    expect(() => readChartLock(REPO_ROOT)).not.toThrow();
    expect(readChartLock(REPO_ROOT).file).toBe(CHART_LOCK_FILE);
  });

  it('is written sorted by chart and version, so a bump changes only its own lines', () => {
    const root = scratchDir('lock');
    writeChartLock(root, [
      { chart: 'zeta', version: '1.0.0', digest: digestA },
      { chart: 'alpha', version: '2.0.0', digest: digestB },
      { chart: 'alpha', version: '1.0.0', digest: digestA },
    ], 'charts.lock.json');
    const text = readFileSync(path.join(root, 'charts.lock.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify({ charts: [
      { chart: 'alpha', version: '1.0.0', digest: digestA },
      { chart: 'alpha', version: '2.0.0', digest: digestB },
      { chart: 'zeta', version: '1.0.0', digest: digestA },
    ] }, null, 2)}\n`);
    const lock = readChartLock(root, 'charts.lock.json');
    expect(lock.digestOf('alpha', '2.0.0')).toBe(digestB);
    expect(lock.digestOf('alpha', '3.0.0')).toBeUndefined();
  });

  it('a malformed digest is reported with file, line and field', () => {
    const root = lockIn('{\n  "charts": [\n    { "chart": "alpha", "version": "1.0.0", "digest": "md5:abc" }\n  ]\n}\n');
    expect(() => readChartLock(root, 'charts.lock.json')).toThrow('charts.lock.json:3: charts.0.digest: invalid value, got "md5:abc", expected sha256:<64 lowercase hex>');
  });

  it('an unknown key and a duplicate entry are errors', () => {
    const unknown = lockIn(`{ "charts": [ { "chart": "alpha", "version": "1.0.0", "digest": "${digestA}", "repo": "x" } ] }`);
    expect(() => readChartLock(unknown, 'charts.lock.json')).toThrow('charts.lock.json:1: charts.0.repo: unknown key, expected one of: chart, version, digest');
    const duplicate = lockIn(`{ "charts": [\n{ "chart": "alpha", "version": "1.0.0", "digest": "${digestA}" },\n{ "chart": "alpha", "version": "1.0.0", "digest": "${digestB}" }\n] }`);
    expect(() => readChartLock(duplicate, 'charts.lock.json')).toThrow('charts.lock.json:3: charts.1: duplicate entry, got alpha 1.0.0, expected each chart version once');
  });
});
