import { describe, expect, it } from 'vitest';
import { helmRenderRequests, type DestinationCluster } from '../../src/helm/helm-render-request';
import { requestsOf } from '../../src/helm/render-applications';
import { templateArgs } from '../../src/helm/template-args';
import type { KubeObject } from '../../src/render/rendered-object';
import { environmentConfig, sourcesOf, type ApplicationObject } from '../support/platform';
import { renderRepository } from '../support/repo';

const cluster: DestinationCluster = { environment: 'fixture-env', kubernetesVersion: '1.28.15', apiVersions: ['v1', 'v1/Pod'] };

function application(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'fixture-app', namespace: 'argocd' }, spec };
}

const helmSource = { chart: 'fixture-operator', repoURL: 'https://charts.example.com', targetRevision: '1.2.3' };
const gitSource = { path: 'dist/fixture-env/platform/fixture-app', repoURL: 'https://git.example.com/platform.git', targetRevision: 'main' };

describe('Helm sources of an Application, resolved as Argo CD resolves them', () => {
  it('release name and namespace default to the Application name and destination; the cluster gives version and API versions', () => {
    const [request, ...rest] = helmRenderRequests(application({ destination: { namespace: 'fixture-ns' }, sources: [helmSource, gitSource] }), cluster);
    expect(rest).toEqual([]);
    expect(request).toEqual({
      environment: 'fixture-env',
      application: 'fixture-app',
      chart: 'fixture-operator',
      repoURL: 'https://charts.example.com',
      version: '1.2.3',
      releaseName: 'fixture-app',
      namespace: 'fixture-ns',
      values: {},
      kubeVersion: '1.28.15',
      apiVersions: ['v1', 'v1/Pod'],
      includeCrds: true,
      skipTests: false,
      skipSchemaValidation: false,
    });
  });

  it('helm.* overrides win, and a single `source` counts too', () => {
    const helm = { releaseName: 'fixture-release', namespace: 'other-ns', kubeVersion: '1.27.3', apiVersions: ['v1'], valuesObject: { replicas: 2 }, skipCrds: true, skipTests: true };
    const [request] = helmRenderRequests(application({ destination: { namespace: 'fixture-ns' }, source: { ...helmSource, helm } }), cluster);
    expect(request).toMatchObject({ releaseName: 'fixture-release', namespace: 'other-ns', kubeVersion: '1.27.3', apiVersions: ['v1'], values: { replicas: 2 }, includeCrds: false, skipTests: true });
  });

  it('a helm field the renderer does not resolve is refused by name', () => {
    const app = application({ destination: {}, sources: [{ ...helmSource, helm: { valueFiles: ['values-prod.yaml'] } }] });
    expect(() => helmRenderRequests(app, cluster)).toThrow('fixture-env: Application fixture-app, source 0 (chart fixture-operator): helm.valueFiles is not supported by the chart renderer');
  });

  it('a Git-only Application has no Helm source', () => {
    expect(helmRenderRequests(application({ destination: {}, sources: [gitSource] }), cluster)).toEqual([]);
  });
});

describe('helm template arguments', () => {
  const [request] = helmRenderRequests(application({ destination: { namespace: 'fixture-ns' }, sources: [{ ...helmSource, helm: { releaseName: 'fixture-release', valuesObject: { replicas: 2 } } }] }), cluster);

  it('are the ones Argo CD passes, in its order', () => {
    expect(templateArgs(request!, '/charts/fixture-operator-1.2.3', '/tmp/values.json')).toEqual([
      'template', '/charts/fixture-operator-1.2.3',
      '--name-template', 'fixture-release',
      '--namespace', 'fixture-ns',
      '--kube-version', '1.28.15',
      '--values', '/tmp/values.json',
      '--api-versions', 'v1', '--api-versions', 'v1/Pod',
      '--include-crds',
    ]);
  });

  it('no --values without values, no --namespace without a namespace, skip flags only when asked', () => {
    const bare = { ...request!, namespace: undefined, apiVersions: [], includeCrds: false, skipTests: true, skipSchemaValidation: true };
    expect(templateArgs(bare, 'chart', undefined)).toEqual(['template', 'chart', '--name-template', 'fixture-release', '--kube-version', '1.28.15', '--skip-schema-validation', '--skip-tests']);
  });
});

describe('the repository: every Helm source of every environment', async () => {
  const environments = await renderRepository();

  it.each(environments.map((env) => [env.environment, env] as const))('%s: one request per chart source, for the overlay Kubernetes version and the destination namespace', (name, env) => {
    const applications = env.objects.map((o) => o.object as ApplicationObject).filter((o) => o.kind === 'Application');
    const helmApps = applications.filter((app) => sourcesOf(app).some((source) => source.chart !== undefined));
    const requests = requestsOf([{ environment: name, kubernetesVersion: environmentConfig(name).kubernetesVersion, apiVersions: ['v1'], objects: env.objects.map((o) => o.object) }]);
    expect(helmApps.length).toBeGreaterThan(5);
    expect(requests.map((r) => r.application)).toEqual(helmApps.map((app) => app.metadata.name).sort());
    for (const request of requests) {
      const app = helmApps.find((a) => a.metadata.name === request.application)!;
      const source = sourcesOf(app).find((s) => s.chart !== undefined)!;
      expect(request).toMatchObject({ chart: source.chart, version: source.targetRevision, releaseName: source.helm!.releaseName, namespace: app.spec.destination.namespace, kubeVersion: environmentConfig(name).kubernetesVersion, values: source.helm!.valuesObject });
    }
  });
});
