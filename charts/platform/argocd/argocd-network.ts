import { apiServerEgress, externalEgress, metricsIngress, tcp, withinNamespace } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** Metrics ports (chart containerPorts.metrics) of the components this project scrapes. */
export const ARGOCD_METRICS_PORTS = { controller: 8082, server: 8083, repoServer: 8084, applicationSet: 8080 } as const;

/**
 * Argo CD on top of its namespace's default-deny (the chart's own NetworkPolicies are off:
 * global.networkPolicy.create false, so every platform namespace is closed the same way).
 * The controller, server and ApplicationSet controller talk to the API server; repo-server
 * fetches Git and Helm repositories (host names, not addresses: any address on 443 and on 22 for
 * Git over SSH). The UI/API server is reached through `kubectl port-forward` (the API server's
 * tunnel to the pod), so no ingress from other namespaces is opened.
 */
export function argocdNetworkAllows(namespace: string, apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [
    ...withinNamespace(namespace),
    apiServerEgress(apiServerCidrs),
    metricsIngress(Object.values(ARGOCD_METRICS_PORTS)),
    externalEgress('git-and-helm-repositories', tcp(443, 22), 'repo-server clones the Git repository and pulls the pinned Helm charts (host names behind CDNs: any address on 443, and 22 for Git over SSH)'),
  ];
}
