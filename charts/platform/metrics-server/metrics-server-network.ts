import { apiServerEgress, externalEgress, tcp, webhookIngress } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** The container port metrics-server serves the metrics.k8s.io API on (chart `containerPort`). */
export const METRICS_SERVER_PORT = 10250;
/** The kubelet's port on every node, where metrics-server reads /metrics/resource. */
export const KUBELET_PORT = 10250;

/**
 * The API server proxies metrics.k8s.io requests (the APIService) to the pods; the pods read the
 * kubelets on node addresses, which are not known in advance (any address, kubelet port only),
 * and watch nodes and pods through the API.
 */
export function metricsServerNetworkAllows(apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [
    apiServerEgress(apiServerCidrs),
    { ...webhookIngress(apiServerCidrs, METRICS_SERVER_PORT), name: 'aggregated-api', why: `the API server proxies metrics.k8s.io (APIService v1beta1.metrics.k8s.io) to container port ${METRICS_SERVER_PORT}` },
    externalEgress('kubelets', tcp(KUBELET_PORT), `metrics-server reads every kubelet's resource metrics on node addresses (port ${KUBELET_PORT}; node addresses are not known in advance)`),
  ];
}
