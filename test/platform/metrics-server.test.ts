import { describe, expect, it } from 'vitest';
import { METRICS_SERVER_NAMESPACE } from '../../charts/platform/metrics-server/metrics-server-chart';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { renderFixture } from '../support/fixture-repository';
import { applicationOf, environmentConfig, helmSourceOf, objectsOf, productionEnvironment, renderVariant, syncWaveOf, type ApplicationObject } from '../support/platform';

type PolicyObject = KubeObject & {
  spec: { ingress?: Array<{ from: Array<{ ipBlock?: { cidr: string } }>; ports: Array<{ port: number }> }>; egress?: Array<{ to?: unknown[]; ports: Array<{ port: number }> }> };
};
interface FactsFile { chartVersion: string; webhooks: Array<{ service: string; namespace: string; port: number }>; pods: unknown[] }

const environments = await renderRepository();
const installed = environments.filter((env) => environmentConfig(env.environment).platform.metricsServer.enabled);

describe.each(installed.map((env) => [env.environment, env] as const))('metrics-server in %s', (name, env) => {
  const application = applicationOf(env, 'metrics-server');
  const source = helmSourceOf(application);
  const values = source.helm.valuesObject as { replicas: number; podDisruptionBudget: { enabled: boolean }; priorityClassName: string };
  const policy = (policyName: string) => objectsOf<PolicyObject>(env, 'NetworkPolicy').find((p) => p.metadata.namespace === METRICS_SERVER_NAMESPACE && p.metadata.name === policyName);

  it('installs the pinned chart into its own restricted namespace, with the overlay\'s replicas', () => {
    expect(source).toMatchObject({ repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', targetRevision: '3.13.1' });
    expect(application.spec.destination.namespace).toBe(METRICS_SERVER_NAMESPACE);
    expect(values.replicas).toBe(environmentConfig(name).platform.metricsServer.replicas);
    // A disruption budget with a single replica would block every node drain.
    expect(values.podDisruptionBudget.enabled).toBe(values.replicas > 1);
    expect(values.priorityClassName).toBe('platform-critical');
  });

  it('syncs after the priority classes and before every application whose HPAs read metrics.k8s.io', () => {
    expect(syncWaveOf(application)).toBeGreaterThan(syncWaveOf(applicationOf(env, 'cluster-classes')));
    for (const app of objectsOf<ApplicationObject>(env, 'Application').filter((a) => a.spec.project === 'apps')) {
      expect(syncWaveOf(application), app.metadata.name).toBeLessThan(syncWaveOf(app));
    }
  });

  it('declares the APIService call into the namespace and admits it from the API server only', () => {
    const facts = (JSON.parse(env.files.get('chart-facts/metrics-server.json')!) as { facts: FactsFile }).facts;
    expect(facts.chartVersion).toBe('3.13.1');
    expect(facts.webhooks).toEqual([{ service: 'metrics-server', namespace: METRICS_SERVER_NAMESPACE, port: 10250 }]);
    expect(facts.pods).toEqual([]);
    const cidrs = environmentConfig(name).platform.network.apiServerCidrs;
    expect(policy('allow-aggregated-api')!.spec.ingress).toEqual([{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: 10250, protocol: 'TCP' }] }]);
    expect(policy('allow-kubelets')!.spec.egress![0]!.ports).toEqual([{ port: 10250, protocol: 'TCP' }]);
  });
});

describe('metrics-server switch', () => {
  it('renders no component, namespace or policy decision where the overlay turns it off', async () => {
    const fixture = await renderFixture();
    const off = fixture.find((env) => env.environment === 'qa')!;
    const on = fixture.find((env) => env.environment === 'live')!;
    const has = (env: typeof off) => objectsOf<ApplicationObject>(env, 'Application').some((a) => a.metadata.name === 'metrics-server');
    expect(has(on)).toBe(true);
    expect(has(off)).toBe(false);
    expect(off.objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata.name === METRICS_SERVER_NAMESPACE)).toBe(false);
    expect(JSON.stringify(objectsOf(off, 'ClusterPolicy'))).not.toContain(METRICS_SERVER_NAMESPACE);
  });

  it('follows the switch in every environment of the repository', () => {
    for (const env of environments) {
      const rendered = env.objects.some((o) => o.folder.startsWith('platform/metrics-server'));
      expect(rendered, env.environment).toBe(environmentConfig(env.environment).platform.metricsServer.enabled);
    }
  });

  it('follows the switch in a variant of a real environment, both ways', () => {
    const off = renderVariant(productionEnvironment(), (platform) => {
      platform.metricsServer.enabled = false;
    });
    expect(off.objects.some((o) => o.folder.startsWith('platform/metrics-server'))).toBe(false);
    const on = renderVariant(productionEnvironment(), (platform) => {
      platform.metricsServer = { enabled: true, replicas: 3 };
    });
    expect((helmSourceOf(applicationOf(on, 'metrics-server')).helm.valuesObject as { replicas: number }).replicas).toBe(3);
  });
});
