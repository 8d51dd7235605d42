import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { TeeNodesConfig } from '../../../src/config/platform/tee-nodes';
import { teeNodeSelector, teeRuntimeClassName, teeToleration } from '../../lib/confidential-placement';
import { DistChart } from '../../lib/dist-chart';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { HELM_CHARTS } from '../../lib/versions';
import { nodeFeatureDiscoveryValues, type NodeFeatureDiscoveryValues } from './node-feature-discovery-values';
import { NodeTuner } from './node-tuner';
import { TeeCapabilityRule } from './tee-capability-rule';

export const TEE_NODES_NAMESPACE = 'tee-nodes';

export interface TeeNodesChartProps {
  /** The environment's TEE pool (the chart exists only where the overlay declares one). */
  readonly tee: TeeNodesConfig;
}

/**
 * Confidential-computing node pool support: node-feature-discovery and a rule that labels
 * TEE-capable nodes, the Kata/CoCo RuntimeClass whose scheduling block sends confidential pods to
 * the pool (and lets them tolerate its taint), and the tuning DaemonSet on the pool's nodes.
 * The Kata runtime itself (handler binaries, containerd config) is installed on the nodes by the
 * confidential-containers operator or kata-deploy, configured not to create RuntimeClasses.
 */
export class TeeNodesChart extends DistChart {
  readonly values: NodeFeatureDiscoveryValues;

  constructor(scope: Construct, props: TeeNodesChartProps) {
    const values = nodeFeatureDiscoveryValues();
    super(scope, 'tee-nodes', {
      layer: 'platform',
      namespace: TEE_NODES_NAMESPACE,
      helm: { chart: HELM_CHARTS.nodeFeatureDiscovery, releaseName: 'node-feature-discovery', values },
    });
    this.values = values;
    const { tee } = props;

    new PlatformNamespace(this, 'namespace', {
      name: TEE_NODES_NAMESPACE,
      podSecurity: 'privileged',
      reason: 'the TEE node tuner writes host sysctls from a privileged init container, and the node-feature-discovery worker reads host /sys, /proc and /boot through hostPath mounts',
    });

    new TeeCapabilityRule(this, 'capability-rule', { technology: tee.technology });

    const runtimeClassName = teeRuntimeClassName(tee.technology);
    new k8s.KubeRuntimeClass(this, 'runtime-class', {
      metadata: { name: runtimeClassName },
      handler: runtimeClassName,
      // The guest VM's own memory and vCPU, charged to every confidential pod for scheduling.
      overhead: { podFixed: { cpu: k8s.Quantity.fromString(tee.podOverhead.cpu), memory: k8s.Quantity.fromString(tee.podOverhead.memory) } },
      // Admission merges these into every pod using the class: pool + proven capability, and the
      // pool's taint tolerated. No other workload carries the toleration.
      scheduling: { nodeSelector: teeNodeSelector(tee), tolerations: [teeToleration(tee)] },
    });

    new NodeTuner(this, 'tuner', { tee, namespace: TEE_NODES_NAMESPACE });
  }
}
