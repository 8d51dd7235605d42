import { describe, expect, it } from 'vitest';
import { chartFacts } from '../../charts/lib/chart-facts';
import { factsOfObjects } from '../../src/helm/chart-facts-of-render';
import { chartDigest } from '../../src/helm/chart-digest';
import { ChartLock } from '../../src/helm/chart-lock';
import { compareChartFacts } from '../../src/helm/compare-chart-facts';
import { RenderCache } from '../../src/helm/render-cache';
import { renderChart } from '../../src/helm/render-chart';
import { chartsDirWith, FIXTURE_CHARTS, HELM } from '../support/helm';
import path from 'node:path';

const CHART = 'fixture-operator';
const VERSION = '1.2.3';
const API_VERSIONS = ['v1', 'v1/Service', 'apps/v1', 'apps/v1/Deployment', 'monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'];

async function render(values: Record<string, unknown>) {
  const lock = new ChartLock('test.lock.json', [{ chart: CHART, version: VERSION, digest: chartDigest(path.join(FIXTURE_CHARTS, CHART)) }]);
  const request = { environment: 'fixture-env', application: 'fixture-app', chart: CHART, repoURL: 'https://charts.example.com', version: VERSION, releaseName: 'fixture', namespace: 'fixture-ns', values, kubeVersion: '1.28.15', apiVersions: API_VERSIONS, includeCrds: true, skipTests: false, skipSchemaValidation: false };
  return renderChart(request, { helm: HELM!, chartsDir: chartsDirWith(CHART, VERSION), lock, cache: new RenderCache(undefined) });
}

/** The fixture component's declaration: what the fixture chart brings for its values. */
function declaredFacts(serviceMonitor: boolean) {
  return chartFacts({
    chartVersion: VERSION,
    declaredIn: 'test/helm/chart-facts-of-render.test.ts',
    crds: [{ group: 'fixtures.example.com', kind: 'Widget', bytes: 422, measuredFrom: 'the fixture chart\'s crds/' }],
    customResources: serviceMonitor ? [{ group: 'monitoring.coreos.com', kind: 'ServiceMonitor' }] : [],
    webhooks: [{ service: 'fixture-webhook', namespace: 'fixture-ns', port: 9443 }],
    // The fixture's ServiceMonitor selects no Service of the chart: nothing it scrapes is the chart's.
    scrapes: [],
    pods: [{ workload: 'Deployment/fixture-controller', namespace: 'fixture-ns', level: 'baseline', reason: 'allowPrivilegeEscalation, capabilities_restricted, runAsNonRoot, seccompProfile_restricted' }],
    images: ['registry.example.com/fixtures/operator@sha256:0000000000000000000000000000000000000000000000000000000000000000'],
    exemptions: [],
  });
}

describe.skipIf(HELM === null)('chart facts read from a real render (fixture chart, real helm)', () => {
  it('reads CRD size, custom resources, the webhook\'s pod port, scraped ports and images; test hooks are not applied', async () => {
    const { objects } = await render({ metrics: { serviceMonitor: { enabled: true } } });
    const facts = factsOfObjects(objects, 'fixture-ns');
    const crd = objects.find((o) => o.kind === 'CustomResourceDefinition')!;
    expect(facts.crds).toEqual([{ group: 'fixtures.example.com', kind: 'Widget', bytes: Buffer.byteLength(JSON.stringify(crd)), measuredFrom: 'render' }]);
    expect(facts.customResources).toEqual([{ group: 'monitoring.coreos.com', kind: 'ServiceMonitor' }]);
    // Service port 443 -> targetPort "webhook" -> the controller's containerPort 9443.
    expect(facts.webhooks).toEqual([{ service: 'fixture-webhook', namespace: 'fixture-ns', port: 9443 }]);
    expect(facts.images).toEqual(['registry.example.com/fixtures/operator@sha256:0000000000000000000000000000000000000000000000000000000000000000']);
    // The controller sets no securityContext: admitted by baseline, not restricted.
    expect(facts.pods).toEqual([{ workload: 'Deployment/fixture-controller', namespace: 'fixture-ns', level: 'baseline', reason: 'allowPrivilegeEscalation, capabilities_restricted, runAsNonRoot, seccompProfile_restricted' }]);
    expect(facts.scrapes).toEqual([]);
  });

  it('a declaration that matches the render for these values has no difference; toggling a value the declaration ignores is caught', async () => {
    const withMonitor = factsOfObjects((await render({ metrics: { serviceMonitor: { enabled: true } } })).objects, 'fixture-ns');
    const withoutMonitor = factsOfObjects((await render({})).objects, 'fixture-ns');
    expect(compareChartFacts(declaredFacts(true), withMonitor)).toEqual([]);
    expect(compareChartFacts(declaredFacts(false), withoutMonitor)).toEqual([]);
    expect(compareChartFacts(declaredFacts(false), withMonitor).map((d) => `${d.fact}: ${d.message}`)).toEqual([
      'customResources: the chart renders custom resources of kind ServiceMonitor.monitoring.coreos.com, which is not declared',
    ]);
  });

  it('a CRD size off by more than the tolerance is a difference', async () => {
    const facts = factsOfObjects((await render({})).objects, 'fixture-ns');
    const declared = { ...declaredFacts(false), crds: [{ group: 'fixtures.example.com', kind: 'Widget', bytes: 300, measuredFrom: 'wrong' }] };
    expect(compareChartFacts(declared, facts).map((d) => d.message)).toEqual([`CRD Widget.fixtures.example.com is ${facts.crds[0]!.bytes} bytes as compact JSON, declared 300 (${((Math.abs(facts.crds[0]!.bytes - 300) / facts.crds[0]!.bytes) * 100).toFixed(1)}% apart)`]);
  });
});

describe('aggregated APIs in rendered objects', () => {
  const labels = { app: 'fixture-metrics' };
  const objects = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fixture-metrics', namespace: 'fixture-ns' }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'server', image: 'registry.example.com/metrics:1', ports: [{ name: 'https', containerPort: 10250 }] }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'fixture-metrics', namespace: 'fixture-ns' }, spec: { selector: labels, ports: [{ port: 443, targetPort: 'https' }] } },
  ];
  const apiService = (service: Record<string, unknown> | undefined) => ({ apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.fixtures.example.com' }, spec: { group: 'metrics.fixtures.example.com', version: 'v1beta1', ...(service ? { service } : {}) } });

  it('reads an APIService\'s Service as a call of the API server into the pods\' port', () => {
    const facts = factsOfObjects([...objects, apiService({ name: 'fixture-metrics', namespace: 'fixture-ns', port: 443 })], 'fixture-ns');
    expect(facts.webhooks).toEqual([{ service: 'fixture-metrics', namespace: 'fixture-ns', port: 10250 }]);
  });

  it('reads nothing for an APIService served by the API server itself (no Service)', () => {
    expect(factsOfObjects([...objects, apiService(undefined)], 'fixture-ns').webhooks).toEqual([]);
  });
});
