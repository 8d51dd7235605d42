import { apiServerEgress, metricsIngress } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** Metrics/healthz port of the node-feature-discovery master, worker and gc (master.port etc.). */
export const NFD_METRICS_PORT = 8080;

/**
 * node-feature-discovery exchanges everything through the API (NodeFeature objects, node
 * labels); the node tuner has its own isolation policy (node-tuner.ts).
 */
export function teeNodesNetworkAllows(apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [apiServerEgress(apiServerCidrs), metricsIngress([NFD_METRICS_PORT])];
}
