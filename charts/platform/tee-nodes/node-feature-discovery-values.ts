import { containerResources, type ContainerResources } from '../../lib/container-resources';

/** The node-feature-discovery 0.19.0 chart values this project sets (keys from its values.yaml). */
export interface NodeFeatureDiscoveryValues {
  readonly priorityClassName: string;
  readonly master: {
    /** Label namespaces besides NFD's own that rules may write (those of tee.nodeSelector). */
    readonly extraLabelNs: readonly string[];
    readonly resources: ContainerResources;
  };
  readonly worker: {
    readonly resources: ContainerResources;
    /** The worker must run on tainted nodes too: it is what discovers TEE-capable nodes. */
    readonly tolerations: ReadonlyArray<{ readonly operator: 'Exists' }>;
  };
  readonly gc: { readonly resources: ContainerResources };
}

export function nodeFeatureDiscoveryValues(extraLabelNs: readonly string[], priorityClassName: string): NodeFeatureDiscoveryValues {
  return {
    priorityClassName,
    master: { extraLabelNs, resources: containerResources({ cpu: '50m', memory: '256Mi' }) },
    worker: { resources: containerResources({ cpu: '5m', memory: '128Mi' }), tolerations: [{ operator: 'Exists' }] },
    gc: { resources: containerResources({ cpu: '10m', memory: '128Mi' }) },
  };
}
