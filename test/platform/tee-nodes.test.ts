import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { confidentialPlacement, toleratesTeeTaint } from '../../charts/lib/confidential-placement';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import web from '../../charts/apps/web';
import { buildPlatform } from '../../charts/platform/build-platform';
import { evaluatePodSecurity, podTemplateOf } from '../../src/check/pod-security';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import { collectObjects } from '../../src/render/collect-objects';
import type { KubeObject } from '../../src/render/rendered-object';
import { REPO_ROOT, renderRepository } from '../support/repo';
import { applicationNamed, helmSourceOf, objectOf } from '../support/rendered-issue4';

type RuntimeClassObject = KubeObject & { handler: string; overhead: { podFixed: Record<string, string> }; scheduling: { nodeSelector: Record<string, string>; tolerations: unknown[] } };
type DaemonSetObject = KubeObject & {
  spec: { template: { spec: { nodeSelector: Record<string, string>; tolerations: Array<Record<string, string>>; initContainers: Array<{ command: string[]; image: string; securityContext: { privileged?: boolean } }>; containers: Array<{ image: string; resources: { requests: Record<string, string>; limits: Record<string, string> } }> } } };
};

const environments = await renderRepository();
const configs = loadOverlays({ root: REPO_ROOT, definedApps: new Map([['web', 'charts/apps/web.ts']]) });

describe.each(environments.map((env) => [env.name, env] as const))('TEE nodes in %s', (name, env) => {
  const config = configs.find((c) => c.name === name)!;
  const tee = config.platform.teeNodes!;
  const runtimeClass = objectOf<RuntimeClassObject>(env, 'tee-nodes', 'RuntimeClass', 'kata-qemu-snp');
  const tuner = objectOf<DaemonSetObject>(env, 'tee-nodes', 'DaemonSet', 'tee-node-tuner');
  const podSpec = tuner.spec.template.spec;

  it('renders the Kata SEV-SNP RuntimeClass with the pool and capability node selector and the TEE toleration', () => {
    expect(runtimeClass.metadata.namespace).toBeUndefined();
    expect(runtimeClass.handler).toBe('kata-qemu-snp');
    expect(runtimeClass.scheduling).toEqual({
      nodeSelector: { 'node.example.com/pool': 'tee', 'feature.node.kubernetes.io/tee': 'sev-snp' },
      tolerations: [{ key: 'node.example.com/tee', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    });
    expect(runtimeClass.overhead.podFixed).toEqual({ cpu: '1', memory: '2Gi' });
  });

  it('wires the runtime class, node selector and toleration the placement helper gives confidential apps', () => {
    const placement = confidentialPlacement(config);
    expect(placement.runtimeClassName).toBe(runtimeClass.metadata.name);
    expect(placement.nodeSelector).toEqual(runtimeClass.scheduling.nodeSelector);
    expect(placement.tolerations).toEqual(runtimeClass.scheduling.tolerations);
  });

  it('labels TEE-capable nodes with a NodeFeatureRule on the CPU security feature, after the NFD chart', () => {
    const rule = objectOf<KubeObject & { spec: { rules: Array<{ labels: Record<string, string>; matchFeatures: Array<{ feature: string; matchExpressions: Record<string, { op: string }> }> }> } }>(env, 'tee-nodes', 'NodeFeatureRule', 'tee-sev-snp');
    expect(rule.spec.rules[0]!.labels).toEqual({ 'feature.node.kubernetes.io/tee': 'sev-snp' });
    expect(rule.spec.rules[0]!.matchFeatures).toEqual([{ feature: 'cpu.security', matchExpressions: { 'sev.snp.enabled': { op: 'IsTrue' } } }]);
    expect(rule.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(helmSourceOf(applicationNamed(env, 'tee-nodes'))).toMatchObject({ chart: 'node-feature-discovery', targetRevision: '0.19.0' });
  });

  it('runs the tuner only on the TEE pool: its label and exactly the TEE toleration', () => {
    expect(podSpec.nodeSelector).toEqual({ [tee.poolLabel.key]: tee.poolLabel.value });
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
    const namespace = objectOf(env, 'tee-nodes', 'Namespace', 'tee-nodes');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/TEE node tuner .* privileged init container/);
  });

  it('lets no application workload tolerate the TEE taint unless it runs in the TEE runtime class', () => {
    const appWorkloads = env.objects.filter((o) => o.folder.startsWith('apps/')).map((o) => o.object).filter((o) => podTemplateOf(o) !== undefined);
    expect(appWorkloads.length).toBeGreaterThan(0);
    for (const workload of appWorkloads) {
      const spec = (workload as unknown as { spec: { template: { spec: { tolerations?: Array<{ key?: string; operator?: 'Equal' | 'Exists'; value?: string; effect?: string }>; runtimeClassName?: string } } } }).spec.template.spec;
      if (toleratesTeeTaint(spec.tolerations, tee)) expect(spec.runtimeClassName, `${workload.kind} ${workload.metadata.name}`).toBe(runtimeClass.metadata.name);
    }
  });
});

describe('an environment without a TEE node pool', () => {
  it('renders no tee-nodes component at all', () => {
    const dev = configs.find((c) => c.name === 'dev')!;
    const withoutTee: EnvironmentConfig = { ...dev, platform: { ...dev.platform, teeNodes: undefined } };
    const app = new App();
    buildPlatform(app, { environment: withoutTee, apps: [web] });
    const folders = new Set(collectObjects(app).map((o) => o.folder));
    expect(folders.has('platform/tee-nodes')).toBe(false);
    expect(folders.has('platform/monitoring')).toBe(true);
  });
});
