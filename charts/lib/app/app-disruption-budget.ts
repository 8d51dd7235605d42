import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AppContext } from './app-context';

/**
 * Lets node drains evict one pod at a time. `maxUnavailable: 1` always allows a disruption
 * (a `minAvailable` equal to the replica count never would, and blocks every drain), whatever
 * the replica count or autoscaler bounds. Unhealthy pods may always be evicted, so a crashing
 * app cannot block a drain either.
 */
export class AppDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, context: AppContext) {
    super(scope, id);
    const { app, labels, selector } = context;
    new k8s.KubePodDisruptionBudget(this, 'resource', {
      metadata: { name: app.name, labels: { ...labels } },
      spec: {
        selector: { matchLabels: { ...selector } },
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
