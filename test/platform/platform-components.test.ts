import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import { HELM_CHARTS } from '../../charts/lib/versions';
import { renderRepository } from '../support/repo';
import { applicationOf, environmentConfig, helmSourceOf, objectsOf, sourcesOf, syncWaveOf, type ApplicationObject } from '../support/platform';

const environments = await renderRepository();
/**
 * Namespaces a component renders besides its destination: node-exporter (privileged) apart from
 * monitoring, and the StackRox services (privileged) apart from their operator.
 */
const SECOND_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['node-exporter', 'monitoring'],
  ['stackrox', 'stackrox-operator'],
]);
const PINNED = new Set(Object.values(HELM_CHARTS).map((c) => `${c.repoURL} ${c.chart} ${c.version}`));

describe.each(environments.map((env) => [env.environment, env] as const))('platform components in %s', (_name, env) => {
  const wave = (name: string) => syncWaveOf(applicationOf(env, name));

  it('orders the sync: classes, secrets, certificates and policies, ingress, tenancy, applications', () => {
    expect(wave('cluster-classes')).toBeLessThan(wave('external-secrets'));
    // Argo CD's ServiceMonitors need the prometheus-operator CRDs.
    expect(wave('prometheus-crds')).toBeLessThan(wave('argo-cd'));
    expect(wave('external-secrets')).toBeLessThan(wave('cert-manager'));
    expect(wave('external-secrets')).toBeLessThan(wave('kyverno'));
    expect(wave('cert-manager')).toBeLessThan(wave('ingress'));
    expect(wave('kyverno')).toBeLessThan(wave('tenancy'));
    for (const app of objectsOf<ApplicationObject>(env, 'Application').filter((a) => a.spec.project === 'apps')) {
      expect(wave('tenancy'), app.metadata.name).toBeLessThan(syncWaveOf(app));
    }
  });

  it('installs every upstream chart at a version of the versions table, with an explicit release name and namespace', () => {
    const helmApps = objectsOf<ApplicationObject>(env, 'Application').filter((a) => sourcesOf(a).some((s) => s.chart));
    // external-dns is opt-in per environment (prod's overlay enables it).
    const externalDns = environmentConfig(env.name).platform.externalDns?.enabled ? ['external-dns'] : [];
    expect(helmApps.map((a) => a.metadata.name).sort()).toEqual(['argo-cd', 'backup', 'cert-manager', 'confidential-runtime', ...externalDns, 'external-secrets', 'ingress', 'kyverno', 'log-shipper', 'logging', 'metrics-server', 'monitoring', 'prometheus-crds', 'stackrox', 'tee-nodes']);
    for (const app of helmApps) {
      const source = helmSourceOf(app);
      expect(PINNED, app.metadata.name).toContain(`${source.repoURL} ${source.chart} ${source.targetRevision}`);
      expect(source.helm.releaseName, app.metadata.name).toMatch(/^[a-z][-a-z]+$/);
      // A chart of cluster-scoped objects only (the prometheus-operator CRDs) needs no namespace.
      if (app.metadata.name !== 'prometheus-crds') expect(app.spec.destination.namespace, app.metadata.name).toMatch(/^[a-z][-a-z]+$/);
    }
  });

  it('renders each component namespace itself, with Pod Security set deliberately', () => {
    const namespaces = env.objects.filter((o) => o.object.kind === 'Namespace' && o.folder !== 'platform/tenancy');
    expect(namespaces.map((n) => n.object.metadata.name).sort()).toEqual([
      'argocd', 'cert-manager', 'confidential-containers', ...(environmentConfig(env.name).platform.externalDns?.enabled ? ['external-dns'] : []), 'external-secrets', 'ingress-nginx', 'kyverno', 'log-shipper', 'logging', 'metrics-server', 'monitoring', 'node-exporter', 'stackrox', 'stackrox-operator', 'tee-nodes', 'velero',
    ]);
    for (const { object, folder } of namespaces) {
      const labels = object.metadata.labels ?? {};
      const level = labels['pod-security.kubernetes.io/enforce'];
      expect(labels['pod-security.kubernetes.io/audit'], object.metadata.name).toBe(level);
      expect(labels['pod-security.kubernetes.io/warn'], object.metadata.name).toBe(level);
      if (level !== 'restricted') expect(object.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION], object.metadata.name).toBeTruthy();
      // The component's own Application syncs it (and is its destination, unless it is the
      // component's second namespace), before anything in it.
      const application = applicationOf(env, folder.split('/')[1]!);
      expect(application.spec.destination.namespace).toBe(SECOND_NAMESPACES.get(object.metadata.name) ?? object.metadata.name);
      expect(syncWaveOf(object)).toBeLessThan(0);
    }
  });
});
