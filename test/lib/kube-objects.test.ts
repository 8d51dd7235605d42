import { ApiObject, App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1';
import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import { Application } from '../../imports/argocd-application-argoproj.io';
import { DistChart } from '../../charts/lib/dist-chart';
import { FolderChart } from '../../charts/lib/folder-chart';
import { KubeObjects } from '../../charts/lib/kube-objects';
import { platformReservations } from '../../charts/lib/reserved-names';
import { inSyncWave } from '../../charts/lib/sync-wave';
import { collectFiles, collectObjects, withoutStampedNamespace } from '../../src/render/collect-objects';
import type { KubeObject } from '../../src/render/rendered-object';
import { toYaml } from '../../src/render/serialize';
import { fixtureConfigs } from '../support/fixture-repository';

/** A chart with a namespace and a label, both of which cdk8s puts on every object in it. */
function labelledChart(app = new App()): FolderChart {
  return new FolderChart(app, 'shop', { folder: 'apps/shop', namespace: 'shop', labels: { 'chart-label': 'x' } });
}

/** What cdk8s renders for the same data as an ApiObject in the same chart. */
function cdk8sRendering(make: (chart: FolderChart) => ApiObject): KubeObject {
  const chart = labelledChart();
  const apiObject = make(chart);
  return withoutStampedNamespace(apiObject.toJson() as KubeObject, chart.namespace, apiObject.node);
}

function rendered(app: App): KubeObject[] {
  return collectObjects(app).map((r) => r.object);
}

const deployment: Deployment & { apiVersion: string; kind: string; metadata: { name: string } } = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', annotations: { 'z-last': 'z', 'a-first': 'a' }, finalizers: [], labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { b: '2', a: '1' } },
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: undefined },
    template: { spec: { containers: [{ name: 'c', image: 'i', env: [{ name: 'EMPTY', value: '' }], resources: { limits: { memory: '64Mi' } } }] } },
  },
};

describe('KubeObjects', () => {
  it('renders a plain manifest exactly as cdk8s renders an ApiObject holding it: chart namespace and labels, keys sorted, undefined and empty metadata dropped', () => {
    const app = new App();
    KubeObjects.of(labelledChart(app)).add<Deployment>(deployment);
    const [object] = rendered(app);
    expect(JSON.stringify(object)).toBe(JSON.stringify(cdk8sRendering((chart) => new ApiObject(chart, 'web', deployment))));
    expect(Object.keys(object!)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(object!.metadata).toEqual({ annotations: { 'a-first': 'a', 'z-last': 'z' }, labels: { app: 'web', 'chart-label': 'x' }, name: 'web', namespace: 'shop' });
    expect(toYaml(object!)).toContain('maxSurge: 25%\n');
  });

  it('renders a generated kind through its own manifest(), as `new Kind(...)` would (typed names mapped to JSON names)', () => {
    const props = { metadata: { name: 'shop' }, spec: { project: 'apps', destination: { server: 'https://kubernetes.default.svc' }, source: { repoUrl: 'https://git.example.com/platform.git', path: 'dist/prod' } } };
    const app = new App();
    KubeObjects.of(labelledChart(app)).addGenerated(Application, props);
    const [object] = rendered(app);
    expect(JSON.stringify(object)).toBe(JSON.stringify(cdk8sRendering((chart) => new Application(chart, 'shop', props))));
    expect((object as unknown as { spec: { source: Record<string, unknown> } }).spec.source).toHaveProperty('repoURL', 'https://git.example.com/platform.git');
  });

  it('leaves the chart namespace off cluster-scoped objects, and refuses one set by hand', () => {
    const app = new App();
    const objects = KubeObjects.of(labelledChart(app));
    objects.add<ClusterRole>({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] });
    expect(rendered(app)[0]!.metadata).toEqual({ labels: { 'chart-label': 'x' }, name: 'reader' });

    const other = new App();
    KubeObjects.of(labelledChart(other)).add<ClusterRole>({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', namespace: 'elsewhere' } });
    expect(() => collectObjects(other)).toThrow("shop/kube-objects: ClusterRole 'reader' is cluster-scoped but has namespace 'elsewhere'");
  });

  it('refuses a value that is not plain data, naming the object and what to write instead', () => {
    const app = new App();
    const strategy = { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%') } } as unknown as NonNullable<Deployment['spec']>['strategy'];
    KubeObjects.of(labelledChart(app)).add<Deployment>({ ...deployment, spec: { ...deployment.spec!, strategy } });
    expect(() => collectFiles(app, toYaml)).toThrow("Deployment 'web': holds a value that is not plain data (a class instance, function or token), expected JSON as the API server reads it");
  });

  it('refuses an object without apiVersion, kind or name when it is added', () => {
    const objects = KubeObjects.of(labelledChart());
    expect(() => objects.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } })).toThrow('shop/kube-objects: object "ConfigMap" needs apiVersion, kind and metadata.name');
    expect(() => objects.add({ apiVersion: 'v1', kind: undefined as unknown as string, metadata: { name: 'x' } })).toThrow('needs apiVersion, kind and metadata.name');
    expect(() => objects.addGenerated(Application, { metadata: {}, spec: { project: 'apps', destination: {} } })).toThrow('shop/kube-objects: a Application has no metadata.name, expected every object named');
  });

  it('refuses two objects that render to one file, naming where they were added', () => {
    const app = new App();
    const chart = labelledChart(app);
    const config: ConfigMap & { apiVersion: string; kind: string; metadata: { name: string } } = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } };
    KubeObjects.of(chart).add<ConfigMap>(config);
    new ApiObject(new Construct(chart, 'nested'), 'second', config);
    expect(() => collectObjects(app)).toThrow('two objects render to apps/shop/configmap-same.yaml: shop/kube-objects and shop/nested/second; give them distinct names');
  });

  it('is one per scope, and refuses an id another construct took', () => {
    const chart = labelledChart();
    expect(KubeObjects.of(chart)).toBe(KubeObjects.of(chart));
    const taken = labelledChart();
    new Construct(taken, 'kube-objects');
    expect(() => KubeObjects.of(taken)).toThrow("shop/kube-objects: the id is taken by another construct, expected the chart's KubeObjects");
  });

  it('takes annotations for all its objects, over their own, as inSyncWave sets them on ApiObjects', () => {
    const app = new App();
    const chart = labelledChart(app);
    const objects = KubeObjects.of(chart);
    objects.add<ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations: { 'argocd.argoproj.io/sync-wave': '5', keep: 'me' } } });
    objects.add<ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    new ApiObject(chart, 'c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    inSyncWave(chart, -1);
    const annotations = rendered(app).map((o) => o.metadata.annotations);
    expect(annotations).toEqual([{ 'argocd.argoproj.io/sync-wave': '-1', keep: 'me' }, { 'argocd.argoproj.io/sync-wave': '-1' }, { 'argocd.argoproj.io/sync-wave': '-1' }]);
  });

  it('counts for a chart only when it holds objects: an empty one leaves a dist chart without objects, which is refused', () => {
    const app = new App();
    const chart = new DistChart(app, 'empty', { layer: 'apps', namespace: 'empty' });
    KubeObjects.of(chart);
    expect(() => collectObjects(app)).toThrow("chart 'empty' rendered no objects");
  });

  it('reserves the name of a Namespace a platform chart holds as data, unless it is a tenant namespace', () => {
    const environment = fixtureConfigs[0]!;
    const app = new App();
    const objects = KubeObjects.of(new DistChart(app, 'component', { layer: 'platform' }));
    objects.add<Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'component-system' } });
    objects.add<Namespace>({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'platform.example.com/tenant': 'true' } } });
    const reserved = platformReservations(app, environment);
    expect(reserved.get('component-system')).toBe('a namespace platform component component renders');
    expect(reserved.has('shop')).toBe(false);
  });
});
