import { appendFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDigest } from '../../src/helm/chart-digest';
import { ChartLock } from '../../src/helm/chart-lock';
import { ChartRefusal } from '../../src/helm/chart-refusal';
import { helmRenderRequests, type HelmRenderRequest } from '../../src/helm/helm-render-request';
import { renderApplications } from '../../src/helm/render-applications';
import { RenderCache } from '../../src/helm/render-cache';
import { renderChart, type HelmRender, type RenderChartOptions } from '../../src/helm/render-chart';
import type { KubeObject } from '../../src/render/rendered-object';
import { chartsDirWith, FIXTURE_CHARTS, HELM, scratchDir } from '../support/helm';

const CHART = 'fixture-operator';
const VERSION = '1.2.3';
const lock = new ChartLock('test-charts.lock.json', [{ chart: CHART, version: VERSION, digest: chartDigest(path.join(FIXTURE_CHARTS, CHART)) }]);
const CLUSTER_API_VERSIONS = ['v1', 'v1/Service', 'apps/v1', 'apps/v1/Deployment', 'policy/v1', 'policy/v1/PodDisruptionBudget', 'monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'];

function fixtureApplication(helm: Record<string, unknown>, name = 'fixture-app'): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      destination: { namespace: 'fixture-ns', server: 'https://kubernetes.default.svc' },
      sources: [
        { chart: CHART, repoURL: 'https://charts.example.com', targetRevision: VERSION, helm },
        { path: `dist/fixture-env/platform/${name}`, repoURL: 'https://git.example.com/platform.git', targetRevision: 'main' },
      ],
    },
  };
}

function request(helm: Record<string, unknown>, cluster: { kubernetesVersion?: string; apiVersions?: readonly string[] } = {}): HelmRenderRequest {
  const [only] = helmRenderRequests(fixtureApplication(helm), { environment: 'fixture-env', kubernetesVersion: cluster.kubernetesVersion ?? '1.28.15', apiVersions: cluster.apiVersions ?? CLUSTER_API_VERSIONS });
  return only!;
}

function options(overrides: Partial<RenderChartOptions> = {}): RenderChartOptions {
  return { helm: HELM!, chartsDir: chartsDirWith(CHART, VERSION), lock, cache: new RenderCache(undefined), ...overrides };
}

function kinds(render: HelmRender): string[] {
  return render.objects.map((o) => o.kind).sort();
}

function the(render: HelmRender, kind: string): KubeObject {
  const found = render.objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
}

describe.skipIf(HELM === null)('rendering a chart like Argo CD (real helm)', () => {
  const values = { replicas: 3, metrics: { serviceMonitor: { enabled: true } } };

  it('honours release name, destination namespace, values, --kube-version, CRDs and test hooks', async () => {
    const render = await renderChart(request({ releaseName: 'fixture-release', valuesObject: values }), options());
    expect(render.cached).toBe(false);
    expect(kinds(render)).toEqual(['CustomResourceDefinition', 'Deployment', 'Pod', 'PodDisruptionBudget', 'Service', 'ServiceMonitor', 'ValidatingWebhookConfiguration']);
    const deployment = the(render, 'Deployment') as KubeObject & { spec: { replicas: number } };
    expect(deployment.metadata).toMatchObject({ name: 'fixture-release-controller', namespace: 'fixture-ns', annotations: { 'fixtures.example.com/kube-version': 'v1.28.15' } });
    expect(deployment.spec.replicas).toBe(3);
    const webhook = the(render, 'ValidatingWebhookConfiguration') as KubeObject & { webhooks: { clientConfig: { service: { name: string; namespace: string } } }[] };
    expect(webhook.webhooks[0]!.clientConfig.service).toMatchObject({ name: 'fixture-release-webhook', namespace: 'fixture-ns' });
    expect(the(render, 'Service').metadata).toMatchObject({ name: 'fixture-release-webhook', namespace: 'fixture-ns' });
    expect(the(render, 'Pod').metadata.annotations).toEqual({ 'helm.sh/hook': 'test' });
    expect(the(render, 'CustomResourceDefinition').metadata.name).toBe('widgets.fixtures.example.com');
  });

  it('release name defaults to the Application name; skipCrds and skipTests drop CRDs and test hooks', async () => {
    const render = await renderChart(request({ skipCrds: true, skipTests: true }), options());
    expect(kinds(render)).toEqual(['Deployment', 'PodDisruptionBudget', 'Service', 'ValidatingWebhookConfiguration']);
    expect(the(render, 'Deployment').metadata.name).toBe('fixture-app-controller');
  });

  it('API versions gate templates: no ServiceMonitor when the cluster does not serve it, no PodDisruptionBudget without policy/v1/PodDisruptionBudget', async () => {
    const apiVersions = CLUSTER_API_VERSIONS.filter((v) => !v.startsWith('monitoring.coreos.com') && v !== 'policy/v1/PodDisruptionBudget');
    const render = await renderChart(request({ valuesObject: values }, { apiVersions }), options());
    expect(kinds(render)).toEqual(['CustomResourceDefinition', 'Deployment', 'Pod', 'Service', 'ValidatingWebhookConfiguration']);
    const disabled = await renderChart(request({ valuesObject: { metrics: { serviceMonitor: { enabled: false } } } }), options());
    expect(kinds(disabled)).not.toContain('ServiceMonitor');
  });

  it('--kube-version reaches the chart: a version below its kubeVersion constraint fails with helm\'s reason', async () => {
    await expect(renderChart(request({}, { kubernetesVersion: '1.24.0' }), options())).rejects.toThrow(
      /^fixture-env: Application fixture-app: chart fixture-operator 1\.2\.3: helm template .* failed \(exit 1\):\nError: chart requires kubeVersion: >=1\.25\.0-0 which is incompatible with Kubernetes v1\.24\.0/,
    );
  });

  it('a second render of the same inputs comes from the cache; changed values, Kubernetes version or chart render again', async () => {
    const cacheDir = scratchDir('render-cache');
    const opts = options({ cache: new RenderCache(cacheDir) });
    const first = await renderChart(request({ valuesObject: values }), opts);
    const second = await renderChart(request({ valuesObject: { metrics: { serviceMonitor: { enabled: true } }, replicas: 3 } }), opts);
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(second.objects).toEqual(first.objects);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    const scaled = await renderChart(request({ valuesObject: { ...values, replicas: 4 } }), opts);
    expect(scaled.cached).toBe(false);
    expect((the(scaled, 'Deployment') as KubeObject & { spec: { replicas: number } }).spec.replicas).toBe(4);

    const newerCluster = await renderChart(request({ valuesObject: values }, { kubernetesVersion: '1.28.16' }), opts);
    expect(newerCluster.cached).toBe(false);
    expect(the(newerCluster, 'Deployment').metadata.annotations).toEqual({ 'fixtures.example.com/kube-version': 'v1.28.16' });

    // The same version with other (re-locked) content is another chart: rendered again.
    const edited = chartsDirWith(CHART, VERSION);
    appendFileSync(path.join(edited, `${CHART}-${VERSION}`, 'templates/webhook-service.yaml'), '# reviewed change\n');
    const relocked = new ChartLock('test-charts.lock.json', [{ chart: CHART, version: VERSION, digest: chartDigest(path.join(edited, `${CHART}-${VERSION}`)) }]);
    expect((await renderChart(request({ valuesObject: values }), { ...opts, chartsDir: edited, lock: relocked })).cached).toBe(false);

    // A damaged entry is a miss, rendered again, not an error.
    for (const file of readdirSync(cacheDir)) appendFileSync(path.join(cacheDir, file), '{');
    expect((await renderChart(request({ valuesObject: values }), opts)).cached).toBe(false);
  });

  it('refuses a chart whose content is not the locked digest, naming chart, version, both digests and the remedy', async () => {
    const chartsDir = chartsDirWith(CHART, VERSION);
    const chartDir = path.join(chartsDir, `${CHART}-${VERSION}`);
    appendFileSync(path.join(chartDir, 'templates/deployment.yaml'), '# changed after review\n');
    const refusal = await renderChart(request({}), options({ chartsDir })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ChartRefusal);
    expect((refusal as Error).message).toBe(
      `fixture-operator 1.2.3: the chart in ${chartDir} has digest ${chartDigest(chartDir)}, but test-charts.lock.json records ${lock.digestOf(CHART, VERSION)} for this version: ` +
        'the same version now has different content (republished upstream, or altered after it was reviewed). ' +
        `Delete ${chartDir} and run npm run charts to pull the reviewed chart again; if the content change is intended, review it and run npm run charts -- --update-lock.`,
    );
  });

  it('refuses a chart the lock has no digest for, and says how to record one', async () => {
    await expect(renderChart(request({}), options({ lock: new ChartLock('test-charts.lock.json', []) }))).rejects.toThrow(
      'fixture-operator 1.2.3: no digest recorded in test-charts.lock.json. Pull it with internet access and record it with `npm run charts -- --update-lock`, review the chart, and commit the lock file.',
    );
  });

  it('a chart missing from the charts dir says where it looked and how to get it', async () => {
    const chartsDir = chartsDirWith(CHART, VERSION);
    rmSync(path.join(chartsDir, `${CHART}-${VERSION}`), { recursive: true });
    await expect(renderChart(request({}), options({ chartsDir }))).rejects.toThrow(`fixture-env: Application fixture-app: chart fixture-operator 1.2.3 is not in ${chartsDir} (no fixture-operator-1.2.3/Chart.yaml): run npm run charts (needs internet), or set GITOPS_CHARTS_DIR to a directory of pulled charts`);
  });

  it('renders every Application of every environment, in order, labelled with its source Application', async () => {
    const environments = ['fixture-dev', 'fixture-prod'].map((environment, index) => ({
      environment,
      kubernetesVersion: `1.28.${10 + index}`,
      apiVersions: CLUSTER_API_VERSIONS,
      objects: [fixtureApplication({ valuesObject: { replicas: index + 1 } }, 'fixture-b'), fixtureApplication({ releaseName: 'other' }, 'fixture-a'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fixture-ns' } }],
    }));
    const renders = await renderApplications(environments, options());
    expect(renders.map((r) => [r.request.environment, r.request.application, (the(r, 'Deployment') as KubeObject & { spec: { replicas: number } }).spec.replicas, the(r, 'Deployment').metadata.annotations?.['fixtures.example.com/kube-version']])).toEqual([
      ['fixture-dev', 'fixture-a', 1, 'v1.28.10'],
      ['fixture-dev', 'fixture-b', 1, 'v1.28.10'],
      ['fixture-prod', 'fixture-a', 1, 'v1.28.11'],
      ['fixture-prod', 'fixture-b', 2, 'v1.28.11'],
    ]);
  });
});
