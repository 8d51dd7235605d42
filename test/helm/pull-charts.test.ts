import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelmChartRef } from '../../charts/lib/versions';
import { chartDigest } from '../../src/helm/chart-digest';
import { ChartLock } from '../../src/helm/chart-lock';
import { pullArgs, pullCharts, type PullChartsOptions } from '../../src/helm/pull-charts';
import { runHelm } from '../../src/helm/run-helm';
import { FIXTURE_CHARTS, HELM, scratchDir } from '../support/helm';

const CHART = 'fixture-operator';
const VERSION = '1.2.3';
const fixtureDigest = chartDigest(path.join(FIXTURE_CHARTS, CHART));
const locked = new ChartLock('test-charts.lock.json', [{ chart: CHART, version: VERSION, digest: fixtureDigest }]);

/** A chart repository as `helm repo index` makes one, served over HTTP from 127.0.0.1. */
async function chartRepository(chartSource: string): Promise<{ url: string; server: Server }> {
  const dir = scratchDir('chart-repo');
  await runHelm(HELM!.path, ['package', chartSource, '--destination', dir]);
  const server = createServer((request, response) => {
    const file = path.join(dir, path.basename(new URL(request.url ?? '/', 'http://localhost').pathname));
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await runHelm(HELM!.path, ['repo', 'index', dir, '--url', url]);
  return { url, server };
}

describe.skipIf(HELM === null)('npm run charts: helm pull from a chart repository, checked against the lock', () => {
  let original: { url: string; server: Server };
  let republished: { url: string; server: Server };

  beforeAll(async () => {
    original = await chartRepository(path.join(FIXTURE_CHARTS, CHART));
    // The same chart version published again with different content.
    const altered = path.join(scratchDir('altered-chart'), CHART);
    cpSync(path.join(FIXTURE_CHARTS, CHART), altered, { recursive: true });
    appendFileSync(path.join(altered, 'templates/deployment.yaml'), '# not the reviewed chart\n');
    republished = await chartRepository(altered);
  });

  afterAll(() => {
    original?.server.close();
    republished?.server.close();
  });

  const ref = (url: string): HelmChartRef => ({ chart: CHART, repoURL: url, version: VERSION });
  const pull = (overrides: Partial<PullChartsOptions> & Pick<PullChartsOptions, 'charts'>) => pullCharts({ helm: HELM!, chartsDir: scratchDir('charts'), lock: locked, updateLock: false, ...overrides });

  it('pulls a locked chart into <chart>-<version>/; the pulled package digests like its source folder', async () => {
    const chartsDir = scratchDir('charts');
    const result = await pull({ charts: [ref(original.url)], chartsDir });
    expect(result.refusals).toEqual([]);
    expect(result.charts).toEqual([{ chart: CHART, version: VERSION, digest: fixtureDigest, status: 'pulled' }]);
    expect(readdirSync(chartsDir)).toEqual([`${CHART}-${VERSION}`]);
    expect(readFileSync(path.join(chartsDir, `${CHART}-${VERSION}`, 'Chart.yaml'), 'utf8')).toContain('name: fixture-operator');

    // Already there with the locked digest: nothing is fetched (this repository does not exist).
    const again = await pull({ charts: [ref('http://127.0.0.1:9')], chartsDir });
    expect(again.charts.map((c) => c.status)).toEqual(['present']);
  });

  it('refuses a chart with no recorded digest and keeps nothing; --update-lock records it', async () => {
    const chartsDir = scratchDir('charts');
    const empty = new ChartLock('test-charts.lock.json', []);
    const refused = await pull({ charts: [ref(original.url)], chartsDir, lock: empty });
    expect(refused.refusals.map((r) => r.message)).toEqual(['fixture-operator 1.2.3: no digest recorded in test-charts.lock.json. Pull it with internet access and record it with `npm run charts -- --update-lock`, review the chart, and commit the lock file.']);
    expect(readdirSync(chartsDir)).toEqual([]);

    const recorded = await pull({ charts: [ref(original.url)], chartsDir, lock: empty, updateLock: true });
    expect(recorded.charts).toEqual([{ chart: CHART, version: VERSION, digest: fixtureDigest, status: 'pulled' }]);
  });

  it('refuses the same version republished with other content: names chart, version, both digests and what to do', async () => {
    const chartsDir = scratchDir('charts');
    const result = await pull({ charts: [ref(republished.url)], chartsDir });
    expect(result.charts).toEqual([]);
    expect(result.refusals).toHaveLength(1);
    const message = result.refusals[0]!.message;
    expect(message).toMatch(new RegExp(`^fixture-operator 1\\.2\\.3: the chart pulled from ${republished.url} has digest sha256:[0-9a-f]{64}, but test-charts\\.lock\\.json records ${fixtureDigest} for this version: `));
    expect(message).not.toContain(`has digest ${fixtureDigest}`);
    expect(message).toContain('Nothing was kept. Find out why before trusting it; if the new content is legitimate, review it and run npm run charts -- --update-lock, then commit the lock file.');
    expect(readdirSync(chartsDir)).toEqual([]);
  });

  it('refuses a local copy altered after it was pulled', async () => {
    const chartsDir = scratchDir('charts');
    await pull({ charts: [ref(original.url)], chartsDir });
    const copy = path.join(chartsDir, `${CHART}-${VERSION}`);
    appendFileSync(path.join(copy, 'values.yaml'), 'replicas: 9\n');
    const result = await pull({ charts: [ref(original.url)], chartsDir });
    expect(result.refusals.map((r) => r.message)).toEqual([
      `fixture-operator 1.2.3: the copy in ${copy} has digest ${chartDigest(copy)}, but test-charts.lock.json records ${fixtureDigest} for this version: the same version now has different content (republished upstream, or altered after it was reviewed). Delete ${copy} and run npm run charts again to pull the chart afresh.`,
    ]);
  });

  it('the digest survives repackaging: the .tgz bytes change, the extracted files do not', async () => {
    const source = path.join(scratchDir('repackage'), CHART);
    cpSync(path.join(FIXTURE_CHARTS, CHART), source, { recursive: true });
    const packages = [];
    for (const mtime of [new Date('2020-01-01'), new Date('2024-06-01')]) {
      for (const file of ['Chart.yaml', 'values.yaml', 'templates/deployment.yaml']) utimesSync(path.join(source, file), mtime, mtime);
      const out = scratchDir('package');
      await runHelm(HELM!.path, ['package', source, '--destination', out]);
      const tgz = path.join(out, `${CHART}-${VERSION}.tgz`);
      expect(spawnSync('tar', ['xzf', tgz, '-C', out]).status).toBe(0);
      packages.push({ bytes: createHash('sha256').update(readFileSync(tgz)).digest('hex'), digest: chartDigest(path.join(out, CHART)) });
    }
    expect(packages[0]!.bytes).not.toBe(packages[1]!.bytes);
    expect(packages.map((p) => p.digest)).toEqual([fixtureDigest, fixtureDigest]);
  });

  it('an unreachable repository is a refusal that names it, not a crash', async () => {
    const result = await pull({ charts: [ref('http://127.0.0.1:9')] });
    expect(result.refusals[0]!.message).toMatch(/^fixture-operator 1\.2\.3: cannot pull from http:\/\/127\.0\.0\.1:9 \(npm run charts needs access to the chart repository\): helm pull /);
  });
});

describe('helm pull arguments', () => {
  it('a chart repository uses --repo, an OCI registry path (no scheme) the OCI reference (as Argo CD pulls them)', () => {
    expect(pullArgs({ chart: 'cert-manager', repoURL: 'https://charts.jetstack.io', version: 'v1.21.1' }, '/tmp/x')).toEqual(['pull', '--destination', '/tmp/x', '--version', 'v1.21.1', '--repo', 'https://charts.jetstack.io', 'cert-manager', '--untar']);
    expect(pullArgs({ chart: 'podinfo', repoURL: 'ghcr.io/stefanprodan/charts/', version: '6.5.0' }, '/tmp/x')).toEqual(['pull', 'oci://ghcr.io/stefanprodan/charts/podinfo', '--version', '6.5.0', '--destination', '/tmp/x', '--untar']);
  });

  it('refuses an oci:// repoURL, which Argo CD would take for an OCI artifact and render without the chart', () => {
    expect(() => pullArgs({ chart: 'podinfo', repoURL: 'oci://ghcr.io/stefanprodan/charts', version: '6.5.0' }, '/tmp/x')).toThrow(
      'podinfo 6.5.0: repoURL oci://ghcr.io/stefanprodan/charts with a chart: Argo CD takes an oci:// repoURL for an OCI artifact source and ignores chart, expected the registry path without the scheme (ghcr.io/stefanprodan/charts)',
    );
  });
});
