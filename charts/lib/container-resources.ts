import type { Resources } from '../../src/config/platform/quantities';

/** Kubernetes container resources as Helm charts and pod specs take them. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/**
 * Requests from the overlay; the memory limit equals the memory request (memory is never
 * overcommitted, so the OOM killer never picks a platform pod at random). No CPU limit on
 * purpose: CFS throttling hurts latency, and an idle CPU should be usable.
 */
export function containerResources(resources: Resources): ContainerResources {
  return {
    requests: { cpu: resources.cpu, memory: resources.memory },
    limits: { memory: resources.memory },
  };
}
