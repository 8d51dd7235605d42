import type { IngressConfig } from '../../../src/config/platform/ingress';
import type { Toleration } from '../../lib/pod-values';

/** Node selector and toleration that pin controller pods to the dedicated ingress nodes. */
export function dedicatedNodeScheduling(config: IngressConfig): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  const { nodeLabel, taint } = config.dedicatedNodes;
  return {
    nodeSelector: { 'kubernetes.io/os': 'linux', [nodeLabel.key]: nodeLabel.value },
    tolerations: [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }],
  };
}
