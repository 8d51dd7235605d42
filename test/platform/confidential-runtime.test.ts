import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import { CONFIDENTIAL_RUNTIME_NAMESPACE } from '../../charts/platform/confidential-runtime/confidential-runtime-chart';
import type { ConfidentialContainersValues } from '../../charts/platform/confidential-runtime/confidential-containers-values';
import type { KubeObject } from '../../src/render/rendered-object';
import { REPO_ROOT, renderRepository } from '../support/repo';
import { loadAppCatalog } from '../../src/app-catalog';
import { applicationOf, componentObject, environmentConfig, helmSourceOf, objectsOf, productionConfig, renderConfigVariant, syncWaveOf } from '../support/platform';
import { renderFixtureVariant } from '../support/fixture-repository';

interface FactsFile { facts: { chartVersion: string; runtimeHandlers?: string[]; pods: Array<{ workload: string; level: string }>; crds: unknown[] } }

const environments = await renderRepository();

// Environments with a TEE pool (tee section); one without renders no runtime (the switch below).
const withTee = environments.filter((env) => environmentConfig(env.environment).platform.tee !== undefined);

describe.each(withTee.map((env) => [env.environment, env] as const))('Confidential Containers runtime in %s', (name, env) => {
  const tee = environmentConfig(name).platform.tee!;
  const application = applicationOf(env, 'confidential-runtime');
  const source = helmSourceOf(application);
  const values = source.helm.valuesObject as unknown as ConfidentialContainersValues;
  const runtime = values['kata-as-coco-runtime'];
  const facts = (JSON.parse(env.files.get('chart-facts/confidential-runtime.json')!) as FactsFile).facts;
  const runtimeClasses = objectsOf<KubeObject & { handler: string }>(env, 'RuntimeClass');

  it('installs the pinned confidential-containers chart (kata-deploy 3.22.0) on the TEE pool\'s nodes only', () => {
    expect(source).toMatchObject({ chart: 'confidential-containers', targetRevision: '0.16.0' });
    expect(application.spec.destination.namespace).toBe(CONFIDENTIAL_RUNTIME_NAMESPACE);
    expect(runtime.nodeSelector).toEqual(tee.nodeSelector);
    expect(runtime.env.shims).toBe('qemu-snp');
    expect(values.customContainerd.enabled).toBe(false);
  });

  it('provides the handler of the one RuntimeClass, which tee-nodes owns (the chart creates none)', () => {
    expect(runtime.env.createRuntimeClasses).toBe('false');
    expect(runtime.env.createDefaultRuntimeClass).toBe('false');
    expect(runtimeClasses.map((r) => r.metadata.name)).toEqual([tee.runtimeClassName]);
    expect(facts.runtimeHandlers).toEqual([runtimeClasses[0]!.handler]);
    expect(facts.chartVersion).toBe('0.16.0');
  });

  it('pulls the images inside the guest for that handler', () => {
    expect(runtime.env.pullTypeMapping).toBe('qemu-snp:guest-pull');
    expect(runtime.env.snapshotterHandlerMapping).toBe('qemu-snp:nydus');
  });

  it('runs the privileged installer in a privileged namespace that says why, declared in the facts', () => {
    const namespace = componentObject(env, 'confidential-runtime', 'Namespace', CONFIDENTIAL_RUNTIME_NAMESPACE);
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/kata-deploy/);
    expect(facts.pods).toEqual([expect.objectContaining({ workload: 'DaemonSet/kata-as-coco-runtime', level: 'privileged' })]);
  });

  it('syncs with tee-nodes, before the applications', () => {
    expect(syncWaveOf(application)).toBe(syncWaveOf(applicationOf(env, 'tee-nodes')));
  });
});

describe('Confidential Containers runtime switch', () => {
  it('follows the tee section: TDX pools get the TDX handler, no section no runtime', async () => {
    // The fixture repository's production environment has a TEE pool, whatever this repository's overlays say.
    const tdx = renderFixtureVariant('live', (platform) => {
      platform.tee!.technology = 'TDX';
    });
    const values = helmSourceOf(applicationOf(tdx, 'confidential-runtime')).helm.valuesObject as unknown as ConfidentialContainersValues;
    expect(values['kata-as-coco-runtime'].env.pullTypeMapping).toBe('qemu-tdx:guest-pull');
    const facts = (JSON.parse(tdx.files.get('chart-facts/confidential-runtime.json')!) as FactsFile).facts;
    expect(facts.runtimeHandlers).toEqual(['kata-qemu-tdx']);

    // Without a pool no app may be confidential.
    const plainApps = [...(await loadAppCatalog(REPO_ROOT)).values()].map((entry) => ({ ...entry.definition, confidential: false }));
    const none = renderConfigVariant(productionConfig(), plainApps, (platform) => {
      delete platform.tee;
    });
    expect(none.objects.some((o) => o.folder.startsWith('platform/confidential-runtime'))).toBe(false);
    expect(none.files.has('chart-facts/confidential-runtime.json')).toBe(false);
  });
});
