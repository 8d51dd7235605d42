import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { KubeObjects } from '../kube-objects';
import type { AppContext } from './app-context';

/**
 * Lets node drains evict one pod at a time. `maxUnavailable: 1` always allows a disruption
 * (a `minAvailable` equal to the replica count never would, and blocks every drain), whatever
 * the replica count or autoscaler bounds. Unhealthy pods may always be evicted, so a crashing
 * app cannot block a drain either.
 */
export function addAppDisruptionBudget(objects: KubeObjects, context: AppContext): void {
  const { app, labels, selector } = context;
  objects.add<PodDisruptionBudget>({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: app.name, labels: { ...labels } },
    spec: {
      selector: { matchLabels: { ...selector } },
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
