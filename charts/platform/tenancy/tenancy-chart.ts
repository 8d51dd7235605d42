
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import type { AppDefinition } from '../../lib/app-definition';
import { DistChart } from '../../lib/dist-chart';

export interface TenancyChartProps {
  readonly environment: EnvironmentConfig;
  readonly apps: readonly AppDefinition[];
}

/**
 * The namespaces applications run in, owned by the platform (not by the app's own Application)
 * so that teams cannot loosen their own Pod Security level. Derived from the app definitions,
 * never listed by hand.
 */
export class TenancyChart extends DistChart {
  constructor(scope: Construct, props: TenancyChartProps) {
    // Wave -2: namespaces exist before anything is synced into them.
    super(scope, 'tenancy', { layer: 'platform', syncWave: -2 });
    for (const app of [...props.apps].sort((a, b) => a.name.localeCompare(b.name))) {
      new k8s.KubeNamespace(this, `namespace-${app.name}`, {
        metadata: {
          name: app.name,
          labels: {
            'app.kubernetes.io/part-of': app.team,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
          annotations: {
            // Deleting an app namespace deletes everything in it: never let a prune do that.
            'argocd.argoproj.io/sync-options': 'Prune=false',
          },
        },
      });
    }
  }
}

