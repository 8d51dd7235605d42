import { containerResources, type ContainerResources } from '../../lib/container-resources';

/** The metrics-server 3.13.1 chart values this project sets (keys from its values.yaml). */
export interface MetricsServerValues {
  readonly replicas: number;
  readonly priorityClassName: string;
  /** With more than one replica, a drain never takes the metrics API away from every HPA at once. */
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: 1 };
  readonly resources: ContainerResources;
  /** Its own metrics are not scraped: the chart's ServiceMonitor would need the scrape reach the kubelet port. */
  readonly serviceMonitor: { readonly enabled: false };
}

export function metricsServerValues(replicas: number, priorityClassName: string): MetricsServerValues {
  return {
    replicas,
    priorityClassName,
    podDisruptionBudget: { enabled: replicas > 1, maxUnavailable: 1 },
    resources: containerResources({ cpu: '100m', memory: '200Mi' }),
    serviceMonitor: { enabled: false },
  };
}
