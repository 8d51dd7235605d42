import { describe, expect, it } from 'vitest';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../charts/lib/platform-names';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { applicationOf, environmentConfig, helmSourceOf, objectOf, objectsOf, sourcesOf, syncWaveOf, type ApplicationObject } from '../support/platform';

interface StorageClassObject extends KubeObject {
  readonly provisioner: string;
  readonly reclaimPolicy: string;
  readonly volumeBindingMode: string;
  readonly allowVolumeExpansion: boolean;
}

/** Every value of `key` anywhere below `node`. */
function valuesOfKey(node: unknown, key: string): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOfKey(v, key)]);
}

const environments = await renderRepository();

describe.each(environments.map((env) => [env.environment, env] as const))('cluster classes in %s', (name, env) => {
  const storageClasses = environmentConfig(name).platform.storageClasses;

  it('renders the platform-critical PriorityClass, above workloads and below system-cluster-critical', () => {
    const priority = objectOf<KubeObject & { value: number; globalDefault: boolean }>(env, 'PriorityClass', PLATFORM_CRITICAL_PRIORITY_CLASS);
    expect(priority.value).toBeGreaterThan(0);
    expect(priority.value).toBeLessThan(2_000_000_000);
    expect(priority.globalDefault).toBe(false);
  });

  it('gives platform charts only PriorityClasses that exist, and the critical one to the ingress controller', () => {
    const classes = objectsOf(env, 'PriorityClass').map((p) => p.metadata.name);
    const platformApps = objectsOf<ApplicationObject>(env, 'Application').filter((a) => sourcesOf(a).some((s) => s.chart));
    const referenced = platformApps.flatMap((a) => valuesOfKey(helmSourceOf(a).helm.valuesObject, 'priorityClassName'));
    expect(referenced.length).toBeGreaterThanOrEqual(platformApps.length);
    for (const value of referenced) expect(classes).toContain(value);
  });

  it('renders the overlay StorageClasses: WaitForFirstConsumer, expandable, exactly one default', () => {
    const rendered = objectsOf<StorageClassObject>(env, 'StorageClass');
    expect(rendered.map((s) => s.metadata.name).sort()).toEqual(Object.keys(storageClasses).sort());
    for (const storageClass of rendered) {
      const config = storageClasses[storageClass.metadata.name]!;
      expect(storageClass).toMatchObject({ provisioner: config.provisioner, reclaimPolicy: config.reclaimPolicy, volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true });
    }
    expect(rendered.filter((s) => s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')).toHaveLength(1);
  });

  it('syncs before every other component (their pods name the PriorityClass)', () => {
    const classes = syncWaveOf(applicationOf(env, 'cluster-classes'));
    // prometheus-crds installs CRDs only (no pods), so it may share the first wave.
    for (const app of objectsOf(env, 'Application').filter((a) => a.metadata.name !== 'cluster-classes' && a.metadata.name !== 'prometheus-crds')) {
      expect(classes, app.metadata.name).toBeLessThan(syncWaveOf(app));
    }
  });
});
