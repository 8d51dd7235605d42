import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { TeeConfig } from '../../../src/config/platform/tee';
import { confidentialPlacement } from '../../lib/app/confidential';
import { DistChart } from '../../lib/dist-chart';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { HELM_CHARTS } from '../../lib/versions';
import { nodeFeatureDiscoveryFacts } from './node-feature-discovery-facts';
import { nodeFeatureDiscoveryValues, type NodeFeatureDiscoveryValues } from './node-feature-discovery-values';
import { NodeTuner } from './node-tuner';
import { TEE_RUNTIME_HANDLERS } from './runtime-handlers';
import { extraLabelNamespaces, TeeCapabilityRule } from './tee-capability-rule';
import { teeNodesNetworkAllows } from './tee-nodes-network';

export const TEE_NODES_NAMESPACE = 'tee-nodes';

export interface TeeNodesChartProps {
  /** The environment's TEE pool (the chart exists only where the overlay declares one). */
  readonly tee: TeeConfig;
  /** Kubernetes minor the namespace's Pod Security level is pinned to (prod). @default - unpinned */
  readonly podSecurityVersion?: string;
  /** Kubernetes API server endpoints (overlay network.apiServerCidrs). */
  readonly apiServerCidrs: readonly string[];
}

/**
 * Confidential-computing node pool support: node-feature-discovery and a rule that puts the
 * `tee.nodeSelector` labels on TEE-capable nodes, the Kata/CoCo RuntimeClass whose scheduling
 * block sends confidential pods there (and lets them tolerate the pool's taint), and the tuning
 * DaemonSet on those nodes. The Kata runtime itself (handler binaries, containerd config) is
 * installed on the nodes by the confidential-containers operator or kata-deploy, configured not
 * to create RuntimeClasses (this one is owned by Git).
 */
export class TeeNodesChart extends DistChart {
  readonly values: NodeFeatureDiscoveryValues;

  constructor(scope: Construct, props: TeeNodesChartProps) {
    const { tee } = props;
    const values = nodeFeatureDiscoveryValues(extraLabelNamespaces(tee.nodeSelector), PLATFORM_CRITICAL_PRIORITY_CLASS);
    super(scope, 'tee-nodes', {
      layer: 'platform',
      namespace: TEE_NODES_NAMESPACE,
      helm: { chart: HELM_CHARTS.nodeFeatureDiscovery, releaseName: 'node-feature-discovery', values, facts: nodeFeatureDiscoveryFacts(values, 'node-feature-discovery', TEE_NODES_NAMESPACE) },
    });
    this.values = values;

    new PlatformNamespace(this, 'namespace', {
      name: TEE_NODES_NAMESPACE,
      podSecurity: 'privileged',
      enforceVersion: props.podSecurityVersion,
      allows: teeNodesNetworkAllows(props.apiServerCidrs),
      reason: 'the TEE node tuner writes host sysctls from a privileged init container, and the node-feature-discovery worker reads host /sys, /proc and /boot through hostPath mounts',
    });

    new TeeCapabilityRule(this, 'capability-rule', { tee });

    // The same placement the application construct gives confidential apps.
    const placement = confidentialPlacement(tee);
    new k8s.KubeRuntimeClass(this, 'runtime-class', {
      metadata: { name: placement.runtimeClassName },
      handler: TEE_RUNTIME_HANDLERS[tee.technology],
      // The guest VM's own memory and vCPU, charged to every confidential pod for scheduling.
      overhead: { podFixed: { cpu: k8s.Quantity.fromString(tee.podOverhead.cpu), memory: k8s.Quantity.fromString(tee.podOverhead.memory) } },
      // Admission merges these into every pod using the class: TEE-capable nodes only, and the
      // pool's taint tolerated. No other application workload carries the toleration.
      scheduling: { nodeSelector: { ...placement.nodeSelector }, tolerations: [...placement.tolerations] },
    });

    new NodeTuner(this, 'tuner', { tee, namespace: TEE_NODES_NAMESPACE, priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS });
  }
}
