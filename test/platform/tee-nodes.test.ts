import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { confidentialPlacement } from '../../charts/lib/app/confidential';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import { buildPlatform } from '../../charts/platform/build-platform';
import { evaluatePodSecurity, podTemplateOf } from '../../src/check/pod-security';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import { collectObjects } from '../../src/render/collect-objects';
import type { KubeObject } from '../../src/render/rendered-object';
import { REPO_ROOT, renderRepository } from '../support/repo';
import { definedAppFiles, loadAppCatalog } from '../../src/app-catalog';
import { fixtureCatalog, fixtureConfig, renderFixture } from '../support/fixture-repository';
import { applicationOf, componentObject, helmSourceOf, toleratesTaint, type TolerationLike } from '../support/platform';
import type { AppCatalog } from '../../src/app-catalog';
import type { RenderedEnvironment } from '../../src/render/render-environment';

type RuntimeClassObject = KubeObject & { handler: string; overhead: { podFixed: Record<string, string> }; scheduling: { nodeSelector: Record<string, string>; tolerations: unknown[] } };
type PodSpecLike = { nodeSelector?: Record<string, string>; tolerations?: TolerationLike[]; runtimeClassName?: string };
type DaemonSetObject = KubeObject & {
  spec: { template: { spec: PodSpecLike & { initContainers: Array<{ command: string[]; image: string }>; containers: Array<{ image: string; resources: unknown }> } } };
};

const environments = await renderRepository();
const catalog = await loadAppCatalog(REPO_ROOT);
const configs = loadOverlays({ root: REPO_ROOT, definedApps: definedAppFiles(catalog) });

describe.each(environments.map((env) => [env.environment, env] as const))('TEE nodes in %s', (name, env) => {
  const config = configs.find((c) => c.name === name)!;
  const tee = config.platform.tee!;
  const runtimeClass = componentObject<RuntimeClassObject>(env, 'tee-nodes', 'RuntimeClass', 'kata-qemu-snp');
  const tuner = componentObject<DaemonSetObject>(env, 'tee-nodes', 'DaemonSet', 'tee-node-tuner');
  const podSpec = tuner.spec.template.spec;

  it('renders the Kata SEV-SNP RuntimeClass with the TEE node labels, the TEE toleration and the VM overhead', () => {
    expect(runtimeClass.metadata.namespace).toBeUndefined();
    expect(runtimeClass.handler).toBe('kata-qemu-snp');
    expect(runtimeClass.scheduling).toEqual({
      nodeSelector: { 'node.example.com/tee': 'sev-snp' },
      tolerations: [{ key: 'node.example.com/tee', operator: 'Equal', value: 'sev-snp', effect: 'NoSchedule' }],
    });
    expect(runtimeClass.overhead.podFixed).toEqual({ cpu: '1', memory: '2Gi' });
  });

  it('gives the RuntimeClass the same placement the application construct gives confidential apps', () => {
    const placement = confidentialPlacement(tee);
    expect(placement.runtimeClassName).toBe(runtimeClass.metadata.name);
    expect(placement.nodeSelector).toEqual(runtimeClass.scheduling.nodeSelector);
    expect(placement.tolerations).toEqual(runtimeClass.scheduling.tolerations);
  });

  it('puts exactly those node labels on TEE-capable nodes with a NodeFeatureRule, after the NFD chart', () => {
    const rule = componentObject<KubeObject & { spec: { rules: Array<{ labels: Record<string, string>; matchFeatures: unknown[] }> } }>(env, 'tee-nodes', 'NodeFeatureRule', 'tee-sev-snp');
    expect(rule.spec.rules[0]!.labels).toEqual(runtimeClass.scheduling.nodeSelector);
    expect(rule.spec.rules[0]!.matchFeatures).toEqual([{ feature: 'cpu.security', matchExpressions: { 'sev.snp.enabled': { op: 'IsTrue' } } }]);
    expect(rule.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('1');
    const nfd = helmSourceOf(applicationOf(env, 'tee-nodes'));
    expect(nfd).toMatchObject({ chart: 'node-feature-discovery', targetRevision: '0.19.0' });
    // NFD writes only its own label namespaces unless told otherwise.
    expect((nfd.helm.valuesObject as { master: { extraLabelNs: string[] } }).master.extraLabelNs).toEqual(['node.example.com']);
  });

  it('runs the tuner only on TEE nodes: their labels and exactly the TEE toleration', () => {
    expect(podSpec.nodeSelector).toEqual(tee.nodeSelector);
    expect(podSpec.tolerations).toEqual([{ key: tee.taint.key, operator: 'Equal', value: tee.taint.value, effect: tee.taint.effect }]);
  });

  it('applies the overlay sysctls as an argument vector, with its image pinned by digest and requests/limits', () => {
    expect(podSpec.initContainers[0]!.command).toEqual(['sysctl', '-w', 'kernel.numa_balancing=0', 'vm.nr_hugepages=1024']);
    for (const container of [...podSpec.initContainers, ...podSpec.containers]) expect(container.image).toBe(`${tee.tuner.image.repository}@${tee.tuner.image.digest}`);
    expect(podSpec.containers[0]!.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '16Mi' } });
  });

  it('confines privilege to the init container, says why, and sits in a namespace privileged for that reason', () => {
    const violations = evaluatePodSecurity(podTemplateOf(tuner)!, 'baseline');
    expect(violations.map((v) => v.field)).toEqual(['spec.initContainers[0].securityContext.privileged']);
    const holdOnly = { ...tuner, spec: { ...tuner.spec, template: { ...tuner.spec.template, spec: { ...podSpec, initContainers: [] } } } };
    expect(evaluatePodSecurity(podTemplateOf(holdOnly)!, 'restricted')).toEqual([]);
    expect(tuner.metadata.annotations?.['ignore-check.kube-linter.io/privileged-container']).toMatch(/host-wide kernel parameters/);
    const namespace = componentObject(env, 'tee-nodes', 'Namespace', 'tee-nodes');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/TEE node tuner .* privileged init container/);
  });

  it('lets the confidential apps, and no other application workload, tolerate the TEE taint', () => {
    expectOnlyConfidentialAppsTolerate(env, catalog, tee.taint, runtimeClass.metadata.name);
  });
});

/** The app workloads that tolerate the TEE taint are exactly the confidential apps, on the TEE runtime class. */
function expectOnlyConfidentialAppsTolerate(env: RenderedEnvironment, apps: AppCatalog, taint: { key: string; value?: string; effect: string }, runtimeClassName: string): void {
  const workloads = env.objects.filter((o) => o.folder.startsWith('apps/') && podTemplateOf(o.object) !== undefined).map((o) => o.object);
  const podSpec = (workload: KubeObject) => (workload as unknown as { spec: { template: { spec: PodSpecLike } } }).spec.template.spec;
  const tolerating = workloads.filter((w) => toleratesTaint(podSpec(w).tolerations, taint));
  const confidential = [...apps.values()].filter((entry) => entry.definition.confidential).map((entry) => entry.definition.name);
  expect(tolerating.map((w) => w.metadata.name).sort()).toEqual([...confidential].sort());
  for (const workload of tolerating) expect(podSpec(workload).runtimeClassName, workload.metadata.name).toBe(runtimeClassName);
}

describe('a confidential app of the fixture repository', () => {
  it('is the only application workload that tolerates the TEE taint, in every environment', async () => {
    for (const env of await renderFixture()) {
      const tee = fixtureConfig(env.name).platform.tee!;
      expect([...fixtureCatalog.values()].some((entry) => entry.definition.confidential)).toBe(true);
      expectOnlyConfidentialAppsTolerate(env, fixtureCatalog, tee.taint, tee.runtimeClassName);
    }
  });
});

describe('toleratesTaint', () => {
  const taint = { key: 'node.example.com/tee', value: 'sev-snp', effect: 'NoSchedule' };
  it('follows the Kubernetes matching rules', () => {
    expect(toleratesTaint([{ key: taint.key, operator: 'Equal', value: 'sev-snp', effect: 'NoSchedule' }], taint)).toBe(true);
    expect(toleratesTaint([{ operator: 'Exists' }], taint)).toBe(true);
    expect(toleratesTaint([{ key: taint.key, operator: 'Exists' }], taint)).toBe(true);
    expect(toleratesTaint([{ operator: 'Exists', effect: 'NoExecute' }], taint)).toBe(false);
    expect(toleratesTaint([{ key: taint.key, operator: 'Equal', value: 'tdx', effect: 'NoSchedule' }], taint)).toBe(false);
    expect(toleratesTaint(undefined, taint)).toBe(false);
  });
});

describe('an environment without a TEE node pool', () => {
  it('renders no tee-nodes component at all', () => {
    const dev = fixtureConfig('dev');
    const withoutTee: EnvironmentConfig = { ...dev, platform: { ...dev.platform, tee: undefined } };
    const app = new App();
    buildPlatform(app, { environment: withoutTee, apps: [fixtureCatalog.get('shop')!.definition] });
    const folders = new Set(collectObjects(app).map((o) => o.folder));
    expect(folders.has('platform/tee-nodes')).toBe(false);
    expect(folders.has('platform/monitoring')).toBe(true);
  });
});
