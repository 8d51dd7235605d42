import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AppContext } from './app-context';

/** Scales the Deployment on CPU between the overlay's bounds (only where the overlay asks). */
export class AppAutoscaler extends Construct {
  constructor(scope: Construct, id: string, context: AppContext, bounds: { readonly minReplicas: number; readonly maxReplicas: number }) {
    super(scope, id);
    const { app, labels } = context;
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'resource', {
      metadata: { name: app.name, labels: { ...labels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
        minReplicas: bounds.minReplicas,
        maxReplicas: bounds.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: app.targetCpuUtilization ?? 70 } } }],
      },
    });
  }
}
