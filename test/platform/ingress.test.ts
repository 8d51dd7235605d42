import { describe, expect, it } from 'vitest';
import { HELM_CHARTS } from '../../charts/lib/versions';
import { ingressClassName, ingressNamespace } from '../../charts/lib/platform-names';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { renderFixtureVariant } from '../support/fixture-repository';
import { applicationOf, at, environmentConfig, helmSourceOf, objectOf, objectsOf, productionConfig, productionEnvironment, renderVariant, syncWaveOf } from '../support/platform';

const environments = await renderRepository();

/**
 * The environments whose overlay picks ingress-nginx, and, whatever the overlays pick, the
 * production environment switched to it: the controller's shape stays covered in a repository
 * that runs Traefik everywhere.
 */
const nginxCases = [
  ...environments.flatMap((env) => (environmentConfig(env.environment).platform.ingress.controller === 'ingress-nginx' ? [{ label: env.environment, name: env.environment, env }] : [])),
  { label: `${productionEnvironment()} switched to ingress-nginx`, name: productionEnvironment(), env: renderVariant(productionEnvironment(), (platform) => void (platform.ingress.controller = 'ingress-nginx')) },
];

describe.each(nginxCases.map((c) => [c.label, c] as const))('ingress tier (ingress-nginx) in %s', (_label, { name, env }) => {
  const config = { ...environmentConfig(name).platform.ingress, controller: 'ingress-nginx' as const };
  const app = applicationOf(env, 'ingress');
  const helm = helmSourceOf(app);
  const values = helm.helm.valuesObject;

  it('installs ingress-nginx from the pinned chart into its own namespace', () => {
    expect({ repoURL: helm.repoURL, chart: helm.chart, version: helm.targetRevision }).toEqual(HELM_CHARTS.ingressNginx);
    expect(helm.targetRevision).toBe('4.15.1');
    expect(helm.helm.releaseName).toBe('ingress-nginx');
    expect(app.spec.destination.namespace).toBe(ingressNamespace('ingress-nginx'));
  });

  it('renders the namespace with restricted Pod Security, named by ingressNamespace()', () => {
    const namespace = objectOf(env, 'Namespace', ingressNamespace(config.controller));
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
  });

  it('runs the overlay replica count (at least 2) with a PDB that allows one disruption', () => {
    expect(at(values, 'controller.replicaCount')).toBe(config.replicas);
    // Production runs one per zone (3); elsewhere 2 keep traffic through a drain.
    expect(config.replicas).toBeGreaterThanOrEqual(name === productionEnvironment() ? 3 : 2);
    expect(at(values, 'controller.maxUnavailable')).toBe(1);
    expect(at(values, 'controller.unhealthyPodEvictionPolicy')).toBe('AlwaysAllow');
  });

  it('pins the controller to the dedicated ingress nodes: their label and their taint', () => {
    const { nodeLabel, taint } = config.dedicatedNodes;
    expect(at(values, 'controller.nodeSelector')).toMatchObject({ [nodeLabel.key]: nodeLabel.value });
    expect(at(values, 'controller.tolerations')).toEqual([{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }]);
  });

  it('spreads controller pods across zones and hosts, selecting the chart\'s own pod labels', () => {
    const constraints = at(values, 'controller.topologySpreadConstraints') as Array<{ topologyKey: string; labelSelector: { matchLabels: Record<string, string> } }>;
    expect(constraints.map((c) => c.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const c of constraints) {
      expect(c.labelSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' });
    }
  });

  it('sets requests and a memory limit from the overlay, and the platform-critical priority', () => {
    expect(at(values, 'controller.resources')).toEqual(config.resources);
    expect(at(values, 'controller.priorityClassName')).toBe('platform-critical');
  });

  it('exposes metrics with a ServiceMonitor that tolerates the CRD arriving later', () => {
    expect(at(values, 'controller.metrics.enabled')).toBe(true);
    expect(at(values, 'controller.metrics.serviceMonitor.enabled')).toBe(true);
    expect(at(values, 'controller.metrics.serviceMonitor.annotations')).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
  });

  it('makes its IngressClass the cluster default, the class application Ingresses use', () => {
    expect(at(values, 'controller.ingressClassResource')).toMatchObject({ name: 'nginx', enabled: true, default: true });
    for (const ingress of objectsOf<{ spec: { ingressClassName: string } } & KubeObject>(env, 'Ingress')) {
      expect(ingress.spec.ingressClassName, ingress.metadata.name).toBe(ingressClassName(config.controller));
    }
  });

  it('takes the admission webhook certificate from cert-manager (no pre-install hook Jobs) and syncs after it', () => {
    expect(at(values, 'controller.admissionWebhooks.certManager.enabled')).toBe(true);
    expect(at(values, 'controller.allowSnippetAnnotations')).toBe(false);
    expect(syncWaveOf(app)).toBeGreaterThan(syncWaveOf(applicationOf(env, 'cert-manager')));
  });
});

describe('ingress tier with Traefik (ingress.controller: traefik)', () => {
  const env = renderVariant(productionEnvironment(), (platform) => {
    platform.ingress.controller = 'traefik';
  });
  const app = applicationOf(env, 'ingress');
  const helm = helmSourceOf(app);
  const values = helm.helm.valuesObject;
  const config = productionConfig().platform.ingress;

  it('installs the pinned traefik chart into the traefik namespace instead', () => {
    expect({ repoURL: helm.repoURL, chart: helm.chart, version: helm.targetRevision }).toEqual(HELM_CHARTS.traefik);
    expect(app.spec.destination.namespace).toBe('traefik');
    expect(objectOf(env, 'Namespace', 'traefik').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(env.objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata.name === 'ingress-nginx')).toBe(false);
  });

  it('gives Traefik the same shape: replicas, PDB, dedicated nodes, spread, resources, metrics, default class', () => {
    expect(at(values, 'deployment.replicas')).toBe(config.replicas);
    expect(at(values, 'podDisruptionBudget')).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(at(values, 'nodeSelector')).toMatchObject({ [config.dedicatedNodes.nodeLabel.key]: config.dedicatedNodes.nodeLabel.value });
    expect(at(values, 'tolerations')).toHaveLength(1);
    expect((at(values, 'topologySpreadConstraints') as unknown[]).length).toBe(2);
    expect(at(values, 'resources')).toEqual(config.resources);
    expect(at(values, 'metrics.prometheus.serviceMonitor.enabled')).toBe(true);
    expect(at(values, 'ingressClass')).toEqual({ enabled: true, isDefaultClass: true, name: 'traefik' });
    expect(at(values, 'global.checkNewVersion')).toBe(false);
  });

  it('moves application Ingresses and their NetworkPolicy allow to Traefik', () => {
    // The fixture repository has an exposed app (shop); the real one may have none.
    const fixture = renderFixtureVariant('live', (p) => void (p.ingress.controller = 'traefik'));
    const ingresses = objectsOf<{ spec: { ingressClassName: string } } & KubeObject>(fixture, 'Ingress');
    expect(ingresses.map((i) => i.metadata.name)).toEqual(['shop']);
    for (const ingress of [...ingresses, ...objectsOf<{ spec: { ingressClassName: string } } & KubeObject>(env, 'Ingress')]) {
      expect(ingress.spec.ingressClassName, ingress.metadata.name).toBe('traefik');
    }
    const allow = objectOf<{ spec: { ingress: Array<{ from: Array<{ namespaceSelector: { matchLabels: Record<string, string> } }> }> } } & KubeObject>(fixture, 'NetworkPolicy', 'shop', 'shop');
    expect(allow.spec.ingress.flatMap((rule) => rule.from.map((peer) => peer.namespaceSelector.matchLabels))).toContainEqual({ 'kubernetes.io/metadata.name': 'traefik' });
  });
});
