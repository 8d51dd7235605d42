import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELM_CHARTS } from '../../charts/lib/versions';
import { chartDigest } from '../../src/helm/chart-digest';
import { ChartLock } from '../../src/helm/chart-lock';
import { renderPlatformCharts } from '../../src/helm/platform-charts';
import { HELM, scratchDir } from '../support/helm';
import { environmentConfig, firstEnvironment, sourcesOf, type ApplicationObject } from '../support/platform';
import { REPO_ROOT, renderRepository } from '../support/repo';

// The real charts cannot be pulled here, so every pinned chart is replaced by a stand-in of the
// same name and version whose only template reports what helm was given. That checks the wiring:
// which chart, release name, namespace, values, Kubernetes version and API versions each
// Application of the repository is rendered with.
const PROBE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-probe
  namespace: {{ .Release.Namespace }}
data:
  chart: {{ .Chart.Name }}
  kubeVersion: {{ .Capabilities.KubeVersion.Version }}
  serviceMonitorServed: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" | quote }}
  values: {{ .Values | toJson | quote }}
`;

function standInCharts(): { chartsDir: string; lock: ChartLock } {
  const chartsDir = scratchDir('stand-in-charts');
  const entries = Object.values(HELM_CHARTS).map(({ chart, version }) => {
    const dir = path.join(chartsDir, `${chart}-${version}`);
    mkdirSync(path.join(dir, 'templates'), { recursive: true });
    writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${chart}\nversion: ${version}\n`);
    writeFileSync(path.join(dir, 'templates/probe.yaml'), PROBE);
    return { chart, version, digest: chartDigest(dir) };
  });
  return { chartsDir, lock: new ChartLock('stand-in.lock.json', entries) };
}

/** The cluster-discovery fixture plus the ServiceMonitor CRD: what GITOPS_SCHEMA_DIR points at. */
function schemaDir(): string {
  const dir = scratchDir('schema');
  cpSync(path.join(REPO_ROOT, 'test/fixtures/schema/cluster-discovery'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'crds/fixtures/servicemonitors.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: monitoring.coreos.com\n  names: { kind: ServiceMonitor }\n  versions: [{ name: v1, served: true }]\n');
  return dir;
}

describe.skipIf(HELM === null)('rendering the repository\'s Helm sources (stand-in charts, real helm)', () => {
  it(`${firstEnvironment()}: each Application with a chart, for the overlay's Kubernetes version and the schema dir's API versions`, async () => {
    const { chartsDir, lock } = standInCharts();
    const renders = await renderPlatformCharts({
      repoRoot: REPO_ROOT,
      helm: HELM!,
      only: [firstEnvironment()],
      lock,
      cacheDir: scratchDir('helm-cache'),
      env: { ...process.env, GITOPS_CHARTS_DIR: chartsDir, GITOPS_SCHEMA_DIR: schemaDir() },
    });

    const first = (await renderRepository()).find((env) => env.environment === firstEnvironment())!;
    const applications = first.objects.map((o) => o.object as ApplicationObject).filter((o) => o.kind === 'Application' && sourcesOf(o).some((s) => s.chart !== undefined));
    expect(renders.map((r) => r.request.application)).toEqual(applications.map((a) => a.metadata.name).sort());
    for (const render of renders) {
      const application = applications.find((a) => a.metadata.name === render.request.application)!;
      const source = sourcesOf(application).find((s) => s.chart !== undefined)!;
      expect(render.objects).toHaveLength(1);
      const probe = render.objects[0] as unknown as { metadata: { name: string; namespace: string }; data: Record<string, string> };
      // Without a destination namespace helm renders into `default` (no --namespace), as on Argo CD.
      expect(probe.metadata).toEqual({ name: `${source.helm!.releaseName}-probe`, namespace: application.spec.destination.namespace ?? 'default' });
      expect(probe.data).toMatchObject({ chart: source.chart, kubeVersion: `v${environmentConfig(firstEnvironment()).kubernetesVersion}`, serviceMonitorServed: 'true' });
      expect(JSON.parse(probe.data.values!)).toEqual(source.helm!.valuesObject);
    }
  });
});
