import { ApiObject, App } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../charts/environment';
import { FolderChart } from '../../charts/lib/folder-chart';
import { KubeObjects } from '../../charts/lib/kube-objects';
import { definedAppFiles, loadAppCatalog } from '../../src/app-catalog';
import { loadOverlays } from '../../src/config/load-overlays';
import { collectObjects, withoutStampedNamespace } from '../../src/render/collect-objects';
import { renderEnvironment, renderEnvironmentFiles } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { toYaml } from '../../src/render/serialize';
import { fixtureCatalog, fixtureConfigs } from '../support/fixture-repository';
import { fleetConfigs } from '../support/fleet-repository';
import { REPO_ROOT } from '../support/repo';

const catalog = await loadAppCatalog(REPO_ROOT);
const repositoryApps = [...catalog.values()].map((entry) => entry.definition);
const fixtureApps = [...fixtureCatalog.values()].map((entry) => entry.definition);
// The repository's environments, the fixture repository's (confidential apps, databases,
// secrets: object shapes the repository's own apps do not render) and the fleet fixture's
// hub-and-spoke clusters (Applications that deploy through a cluster registration).
const environments = [
  ...loadOverlays({ root: REPO_ROOT, definedApps: definedAppFiles(catalog) }).map((environment) => [environment.cluster.distPath, environment, repositoryApps] as const),
  ...fixtureConfigs.map((environment) => [`fixture ${environment.cluster.distPath}`, environment, fixtureApps] as const),
  ...fleetConfigs()
    .filter((environment) => environment.name === 'qa')
    .map((environment) => [`fleet ${environment.cluster.distPath}`, environment, fixtureApps] as const),
];

function key(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * Turns every object a KubeObjects holds as data into the ApiObject cdk8s would have built for it
 * in the same chart: `new ApiObject(...)` for a plain manifest, `new Kind(...)` for a generated
 * kind, with the annotations added to the whole KubeObjects. What cdk8s renders from these is the
 * reference for what the renderer makes of the data.
 */
function asApiObjects(app: App): number {
  let count = 0;
  const holders = app.node.findAll().filter((c: IConstruct): c is KubeObjects => KubeObjects.isKubeObjects(c));
  for (const holder of holders) {
    holder.entries.forEach((entry, index) => {
      const object =
        entry.type === 'manifest'
          ? new ApiObject(holder, `reference-${index}`, entry.manifest)
          : new (entry.kind as unknown as new (scope: Construct, id: string, props: unknown) => ApiObject)(holder, `reference-${index}`, entry.props);
      for (const [key, value] of holder.annotations) object.metadata.addAnnotation(key, value);
      count++;
    });
  }
  return count;
}

/**
 * The fast path (one walk over the App, each object resolved once by objectJson(), objects held
 * as data resolved by entryJson()) must produce exactly what cdk8s's own per-chart path
 * (Chart.toJson(), which re-resolves the App per call through each object's toJson()) produces.
 */
describe.each(environments)('fast writer in %s', (_name, environment, apps) => {
  it('writes byte-identical YAML to the cdk8s reference path (Chart.toJson per chart)', () => {
    const fastApp = new App();
    buildEnvironment(fastApp, { environment, apps });
    const fast = new Map(collectObjects(fastApp).map((r) => [key(r.object), toYaml(r.object)]));

    const referenceApp = new App();
    buildEnvironment(referenceApp, { environment, apps });
    // App charts hold their objects as data: with apps, some objects are compared this way.
    const heldAsData = asApiObjects(referenceApp);
    if (apps.length > 0) expect(heldAsData).toBeGreaterThan(0);
    const reference = new Map<string, string>();
    for (const chart of referenceApp.charts.filter(FolderChart.isFolderChart)) {
      for (const json of chart.toJson() as KubeObject[]) {
        const object = withoutStampedNamespace(json, chart.namespace, chart.node);
        reference.set(key(object), toYaml(object));
      }
    }
    expect(fast.size).toBeGreaterThan(50);
    expect([...fast.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [id, yaml] of reference) expect(fast.get(id), id).toBe(yaml);
  });
});

/** Synth writes what renderEnvironmentFiles gives; check compares dist/ with renderEnvironment's. */
describe.each(environments)('synth\'s files-only render in %s', (_name, environment, apps) => {
  it('gives exactly the files and object count of the render that keeps every object', () => {
    const full = renderEnvironment({ environment, apps });
    const filesOnly = renderEnvironmentFiles({ environment, apps });
    expect(filesOnly.objectCount).toBe(full.objects.length);
    expect([...filesOnly.files.keys()]).toEqual([...full.files.keys()]);
    for (const [file, text] of full.files) expect(filesOnly.files.get(file), file).toBe(text);
    expect(filesOnly.charts).toEqual(full.charts);
  });
});
