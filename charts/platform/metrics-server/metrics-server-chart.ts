import type { Construct } from 'constructs';
import type { MetricsServerConfig } from '../../../src/config/platform/metrics-server';
import { DistChart } from '../../lib/dist-chart';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { HELM_CHARTS } from '../../lib/versions';
import { metricsServerFacts } from './metrics-server-facts';
import { metricsServerNetworkAllows } from './metrics-server-network';
import { metricsServerValues, type MetricsServerValues } from './metrics-server-values';

export const METRICS_SERVER_NAMESPACE = 'metrics-server';

/**
 * Argo CD sync wave: after cluster-classes (its priority class), with tenancy and long before the
 * applications whose HorizontalPodAutoscalers read metrics.k8s.io. It needs nothing else.
 */
export const METRICS_SERVER_SYNC_WAVE = -2;

export interface MetricsServerChartProps {
  readonly config: MetricsServerConfig;
  /** Kubernetes minor the namespace's Pod Security level is pinned to (prod). @default - unpinned */
  readonly podSecurityVersion?: string;
  /** Kubernetes API server endpoints (overlay network.apiServerCidrs). */
  readonly apiServerCidrs: readonly string[];
}

/** metrics-server: the resource metrics API (`metrics.k8s.io`) HPAs and `kubectl top` read. */
export class MetricsServerChart extends DistChart {
  readonly values: MetricsServerValues;

  constructor(scope: Construct, props: MetricsServerChartProps) {
    const values = metricsServerValues(props.config.replicas, PLATFORM_CRITICAL_PRIORITY_CLASS);
    const release = 'metrics-server';
    super(scope, 'metrics-server', {
      layer: 'platform',
      syncWave: METRICS_SERVER_SYNC_WAVE,
      namespace: METRICS_SERVER_NAMESPACE,
      helm: { chart: HELM_CHARTS.metricsServer, releaseName: release, values, facts: metricsServerFacts(values, release, METRICS_SERVER_NAMESPACE) },
    });
    this.values = values;
    new PlatformNamespace(this, 'namespace', { name: METRICS_SERVER_NAMESPACE, enforceVersion: props.podSecurityVersion, allows: metricsServerNetworkAllows(props.apiServerCidrs) });
  }
}
