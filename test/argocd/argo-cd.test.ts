import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APPLICATION_HEALTH_KEY } from '../../charts/platform/argocd/argocd-cm';
import { HELM_CHARTS } from '../../charts/lib/versions';
import type { KubeObject } from '../../src/render/rendered-object';
import { runHealthScript } from '../support/lua-health';
import { renderRepository } from '../support/repo';
import { applicationOf, helmSourceOf, objectOf, syncWaveOf } from '../support/platform';

type Values = {
  crds: { install: boolean; keep: boolean };
  global: { networkPolicy: { create: boolean } };
  configs: { cm: Record<string, string>; params: Record<string, string> };
} & Record<'controller' | 'server' | 'repoServer' | 'applicationSet', { metrics: { enabled: boolean; serviceMonitor: { enabled: boolean } } }>;
type ProjectObject = KubeObject & { spec: { sourceRepos: string[]; destinations: Array<{ server: string; namespace: string }>; clusterResourceWhitelist: unknown[]; namespaceResourceWhitelist: Array<{ group: string; kind: string }> } };

const environments = await renderRepository();

describe.each(environments.map((env) => [env.environment, env] as const))('Argo CD manages itself in %s', (_name, env) => {
  const app = applicationOf(env, 'argo-cd');
  const helm = helmSourceOf(app);
  const values = helm.helm.valuesObject as unknown as Values;
  const root = env.objects.find((o) => o.file === 'root.yaml')!.object as KubeObject & { spec: { project: string; destination: { namespace: string }; source: { repoURL: string } } };

  it('installs the pinned argo-cd chart into the overlay\'s Argo CD namespace, server-side applied (ApplicationSet CRD: 343,248 bytes)', () => {
    expect(`${helm.repoURL} ${helm.chart} ${helm.targetRevision}`).toBe(`${HELM_CHARTS.argoCd.repoURL} argo-cd 10.1.1`);
    expect(helm.repoURL).toBe('https://argoproj.github.io/argo-helm');
    expect(app.spec.destination.namespace).toBe(root.metadata.namespace);
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    const applicationSet = env.charts.find((c) => c.application === 'argo-cd')!.facts.crds.find((c) => c.kind === 'ApplicationSet')!;
    expect(applicationSet.bytes).toBeGreaterThan(262_144);
  });

  it('never takes itself down: CRDs kept on uninstall, no cascade when its Application is deleted', () => {
    expect(values.crds).toEqual({ install: true, keep: true });
    expect(app.metadata).not.toHaveProperty('finalizers');
  });

  it('syncs after the prometheus-operator CRDs its ServiceMonitors need, and scrapes every component', () => {
    expect(syncWaveOf(app)).toBeGreaterThan(syncWaveOf(applicationOf(env, 'prometheus-crds')));
    for (const component of ['controller', 'server', 'repoServer', 'applicationSet'] as const) {
      expect(values[component].metrics, component).toEqual({ enabled: true, serviceMonitor: { enabled: true } });
    }
  });

  it('configures the Application health check the sync waves depend on, the diff ignores and server-side diff', () => {
    expect(values.configs.cm[APPLICATION_HEALTH_KEY]).toContain('obj.status.health');
    expect(parse(values.configs.cm['resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration']!)).toEqual({ jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] });
    expect(parse(values.configs.cm['resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration']!)).toEqual({ jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] });
    expect(parse(values.configs.cm['resource.compareoptions']!)).toEqual({ ignoreAggregatedRoles: true });
    expect(values.configs.params['controller.diff.server.side']).toBe('true');
  });

  it('closes its namespace with the platform\'s own policies, not the chart\'s', () => {
    expect(values.global.networkPolicy.create).toBe(false);
    const namespace = root.metadata.namespace!;
    const policies = env.objects.map((o) => o.object).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace).map((o) => o.metadata.name);
    expect(policies).toEqual(expect.arrayContaining(['default-deny', 'allow-api-server', 'allow-metrics', 'allow-git-and-helm-repositories']));
  });

  it('puts the root Application in its own bootstrap project, limited to Applications and AppProjects of this repository', () => {
    expect(root.spec.project).toBe('bootstrap');
    const project = objectOf<ProjectObject>(env, 'AppProject', 'bootstrap');
    // The root syncs dist/<env>/argocd: its own project is there, so Git manages it after the bootstrap.
    expect(env.objects.find((o) => o.object === project)!.folder).toBe('argocd');
    expect(project.spec.sourceRepos).toEqual([root.spec.source.repoURL]);
    expect(project.spec.destinations.map((d) => d.namespace)).toEqual([root.spec.destination.namespace]);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([{ group: 'argoproj.io', kind: 'Application' }, { group: 'argoproj.io', kind: 'AppProject' }]);
    // Everything the root syncs is of those kinds.
    const kinds = new Set(env.objects.filter((o) => o.folder === 'argocd').map((o) => o.object.kind));
    expect([...kinds].sort()).toEqual(['AppProject', 'Application']);
  });
});

describe('the Application health check (Lua, run in a Lua VM)', () => {
  const env = environments[0]!;
  const script = (helmSourceOf(applicationOf(env, 'argo-cd')).helm.valuesObject as unknown as Values).configs.cm[APPLICATION_HEALTH_KEY]!;

  it('reports a child Application as its own health says', () => {
    expect(runHealthScript(script, { status: { health: { status: 'Healthy' } } })).toEqual({ status: 'Healthy', message: '' });
    expect(runHealthScript(script, { status: { health: { status: 'Degraded', message: 'Deployment x has timed out' } } })).toEqual({ status: 'Degraded', message: 'Deployment x has timed out' });
  });

  it('reports Progressing while the child has no health yet, so the next wave waits', () => {
    expect(runHealthScript(script, {})).toEqual({ status: 'Progressing', message: '' });
    expect(runHealthScript(script, { status: { sync: { status: 'OutOfSync' } } })).toEqual({ status: 'Progressing', message: '' });
  });

  it('the runner itself rejects a script that does not compile', () => {
    expect(() => runHealthScript('hs = {', {})).toThrow(/does not compile/);
  });
});
