import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { DistChart } from '../../charts/lib/dist-chart';
import { FolderChart } from '../../charts/lib/folder-chart';
import { collectFiles, collectObjects } from '../../src/render/collect-objects';
import { toYaml } from '../../src/render/serialize';

function configMap(scope: Construct, id: string, name: string, namespace?: string): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, data: { key: id } });
}

describe('collectObjects', () => {
  it('files every object under its nearest folder chart, sorted by path, nested constructs included', () => {
    const app = new App();
    const shop = new DistChart(app, 'shop', { layer: 'apps', namespace: 'shop' });
    configMap(new Construct(new Construct(shop, 'outer'), 'inner'), 'deep', 'b-config');
    configMap(shop, 'top', 'a-config');
    new ApiObject(shop, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const root = new FolderChart(app, 'root', { folder: '', fileName: 'root.yaml' });
    configMap(root, 'only', 'root-config', 'argocd');

    const rendered = collectObjects(app);
    expect(rendered.map((r) => r.file)).toEqual(['apps/shop/configmap-a-config.yaml', 'apps/shop/configmap-b-config.yaml', 'apps/shop/namespace-shop.yaml', 'root.yaml']);
    expect(rendered.map((r) => r.folder)).toEqual(['apps/shop', 'apps/shop', 'apps/shop', '']);
    // The chart's namespace on namespaced objects, and not on the cluster-scoped Namespace.
    expect(rendered[1]?.object.metadata).toEqual({ name: 'b-config', namespace: 'shop' });
    expect(rendered[2]?.object.metadata).toEqual({ name: 'shop' });
  });

  it('refuses two objects that render to one file, naming both constructs', () => {
    const app = new App();
    const shop = new DistChart(app, 'shop', { layer: 'apps', namespace: 'shop' });
    configMap(shop, 'first', 'same');
    configMap(new Construct(shop, 'nested'), 'second', 'same');
    expect(() => collectObjects(app)).toThrow('two objects render to apps/shop/configmap-same.yaml: shop/first and shop/nested/second; give them distinct names');
    expect(() => collectFiles(app, toYaml)).toThrow('two objects render to apps/shop/configmap-same.yaml: shop/first and shop/nested/second; give them distinct names');
  });

  it('collectFiles gives each object its file and text, in the order and with the names collectObjects gives', () => {
    const app = new App();
    const shop = new DistChart(app, 'shop', { layer: 'apps', namespace: 'shop' });
    configMap(shop, 'zeta', 'z-config');
    configMap(new Construct(shop, 'nested'), 'alpha', 'a-config');
    new ApiObject(shop, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const files = collectFiles(app, toYaml);
    expect(files).toEqual(collectObjects(app).map((rendered) => ({ file: rendered.file, text: toYaml(rendered.object) })));
    expect(files.map((f) => f.file)).toEqual(['apps/shop/configmap-a-config.yaml', 'apps/shop/configmap-z-config.yaml', 'apps/shop/namespace-shop.yaml']);
    // The stamped namespace is dropped before serializing, as for collectObjects.
    expect(files[2]?.text).not.toContain('namespace:');
  });

  it('refuses a cluster-scoped object with a namespace of its own, naming the construct', () => {
    const app = new App();
    const shop = new DistChart(app, 'shop', { layer: 'apps', namespace: 'shop' });
    new ApiObject(shop, 'cluster-role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', namespace: 'elsewhere' } });
    expect(() => collectObjects(app)).toThrow("shop/cluster-role: ClusterRole 'reader' is cluster-scoped but has namespace 'elsewhere'");
  });

  it('refuses a dist chart without objects, an object outside any folder chart, and failed construct validations', () => {
    const empty = new App();
    new DistChart(empty, 'hollow', { layer: 'platform' });
    expect(() => collectObjects(empty)).toThrow("chart 'hollow' rendered no objects: its Argo CD Application would sync an empty folder");

    const plain = new App();
    configMap(new Chart(plain, 'plain'), 'loose', 'loose');
    expect(() => collectObjects(plain)).toThrow('plain/loose: object is not inside a FolderChart, so it has no dist folder');

    const invalid = new App();
    const shop = new DistChart(invalid, 'shop', { layer: 'apps', namespace: 'shop' });
    configMap(shop, 'config', 'config').node.addValidation({ validate: () => ['data is incomplete'] });
    configMap(new Chart(invalid, 'plain'), 'loose', 'loose');
    // Validation problems come first, whatever else is wrong.
    expect(() => collectObjects(invalid)).toThrow('validation failed:\n  [shop/config] data is incomplete');
  });
});
