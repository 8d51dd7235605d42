import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffCharts, formatChartChanges } from '../../src/cli/lib/chart-diff';
import { chartDigest } from '../../src/helm/chart-digest';
import { ChartLock } from '../../src/helm/chart-lock';
import { RenderCache } from '../../src/helm/render-cache';
import { FIXTURE_CHARTS, HELM, scratchDir } from '../support/helm';

// A chart bump as Renovate opens it: the Application's targetRevision moves from the fixture
// chart 1.2.3 to 1.2.4 (which adds a ConfigMap and loosens its PodDisruptionBudget), and the
// facts file in dist/ follows.

const ENV = 'fixture-env';
const API_VERSIONS = ['v1', 'v1/Service', 'v1/ConfigMap', 'apps/v1', 'apps/v1/Deployment', 'policy/v1', 'policy/v1/PodDisruptionBudget'];

function application(version: string): string {
  return stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'fixture-app', namespace: 'argocd' },
    spec: { destination: { namespace: 'fixture-ns' }, sources: [{ chart: 'fixture-operator', repoURL: 'https://charts.example.com', targetRevision: version, helm: { releaseName: 'fixture', valuesObject: { replicas: 2 } } }] },
  });
}

function factsFile(version: string, image: string): string {
  return `${JSON.stringify({ application: 'fixture-app', chart: 'fixture-operator', version, releaseName: 'fixture', namespace: 'fixture-ns', facts: { chartVersion: version, crds: [], images: [image] } }, null, 2)}\n`;
}

const base = new Map([
  [`${ENV}/${ENV}/argocd/application-fixture-app.yaml`, application('1.2.3')],
  [`${ENV}/${ENV}/chart-facts/fixture-app.json`, factsFile('1.2.3', 'registry.example.com/fixtures/operator:1.2.3')],
]);
const head = new Map([
  [`${ENV}/${ENV}/argocd/application-fixture-app.yaml`, application('1.2.4')],
  [`${ENV}/${ENV}/chart-facts/fixture-app.json`, factsFile('1.2.4', 'registry.example.com/fixtures/operator:1.2.4')],
]);

describe('npm run diff: a chart-version bump', () => {
  it('without the charts at hand, lists the declared facts that changed', async () => {
    const changes = await diffCharts(base, head);
    expect(formatChartChanges(changes).split('\n')).toEqual([
      '### Helm charts',
      '',
      '- fixture-env, Application fixture-app: fixture-operator 1.2.3 -> 1.2.4',
      '  - not rendered (charts not at hand: npm run tools && npm run charts); declared facts:',
      '  - facts chartVersion: "1.2.3" -> "1.2.4"',
      '  - facts images: + registry.example.com/fixtures/operator:1.2.4',
      '  - facts images: - registry.example.com/fixtures/operator:1.2.3',
      '',
    ]);
  });

  it.skipIf(HELM === null)('with both chart versions at hand, lists the chart\'s objects added and changed', async () => {
    const chartsDir = scratchDir('bump-charts');
    cpSync(path.join(FIXTURE_CHARTS, 'fixture-operator'), path.join(chartsDir, 'fixture-operator-1.2.3'), { recursive: true });
    cpSync(path.join(FIXTURE_CHARTS, 'fixture-operator-next'), path.join(chartsDir, 'fixture-operator-1.2.4'), { recursive: true });
    const lock = new ChartLock('test.lock.json', ['1.2.3', '1.2.4'].map((version) => ({ chart: 'fixture-operator', version, digest: chartDigest(path.join(chartsDir, `fixture-operator-${version}`)) })));
    const changes = await diffCharts(base, head, {
      render: { helm: HELM!, chartsDir, lock, cache: new RenderCache(undefined) },
      clusters: new Map([[`${ENV}/${ENV}`, { environment: ENV, kubernetesVersion: '1.28.15', apiVersions: API_VERSIONS }]]),
    });
    expect(changes.map((c) => c.objects)).toEqual([
      [
        'added ConfigMap fixture-ns/fixture-settings (core)',
        'changed PodDisruptionBudget fixture-ns/fixture-controller (policy): spec.maxUnavailable',
      ],
    ]);
    expect(formatChartChanges(changes)).toContain('  - rendered:\n    - added ConfigMap fixture-ns/fixture-settings (core)\n');
  });

  it('an unchanged chart is not listed', async () => {
    expect(await diffCharts(base, base)).toEqual([]);
  });
});
