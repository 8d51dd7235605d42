import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { KubeObjects } from '../kube-objects';
import type { AppContext } from './app-context';

/** Scales the Deployment on CPU between the overlay's bounds (only where the overlay asks). */
export function addAppAutoscaler(objects: KubeObjects, context: AppContext, bounds: { readonly minReplicas: number; readonly maxReplicas: number }): void {
  const { app, labels } = context;
  objects.add<HorizontalPodAutoscaler>({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: app.name, labels: { ...labels } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
      minReplicas: bounds.minReplicas,
      maxReplicas: bounds.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: app.targetCpuUtilization ?? 70 } } }],
    },
  });
}
