import type { Construct } from 'constructs';
import type { TeeConfig } from '../../../src/config/platform/tee';
import { apiServerEgress } from '../../lib/platform-network-allows';
import { DistChart } from '../../lib/dist-chart';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { HELM_CHARTS } from '../../lib/versions';
import { confidentialContainersFacts } from './confidential-containers-facts';
import { confidentialContainersValues, type ConfidentialContainersValues } from './confidential-containers-values';

export const CONFIDENTIAL_RUNTIME_NAMESPACE = 'confidential-containers';

export interface ConfidentialRuntimeChartProps {
  /** The environment's TEE pool (the chart exists only where the overlay declares one). */
  readonly tee: TeeConfig;
  /** Kubernetes minor the namespace's Pod Security level is pinned to (prod). @default - unpinned */
  readonly podSecurityVersion?: string;
  /** Kubernetes API server endpoints (overlay network.apiServerCidrs). */
  readonly apiServerCidrs: readonly string[];
}

/**
 * The Confidential Containers runtime on the TEE pool (chart confidential-containers, which
 * replaces the deprecated CoCo operator): kata-deploy installs the pool technology's Kata handler
 * (kata-qemu-snp or kata-qemu-tdx) with guest image pull into containerd on the nodes
 * tee.nodeSelector selects. It creates no RuntimeClass: tee-nodes owns it (docs/decisions/tee-nodes.md).
 */
export class ConfidentialRuntimeChart extends DistChart {
  readonly values: ConfidentialContainersValues;

  constructor(scope: Construct, props: ConfidentialRuntimeChartProps) {
    const values = confidentialContainersValues(props.tee.technology, props.tee.nodeSelector);
    super(scope, 'confidential-runtime', {
      layer: 'platform',
      namespace: CONFIDENTIAL_RUNTIME_NAMESPACE,
      helm: { chart: HELM_CHARTS.confidentialContainers, releaseName: 'confidential-containers', values, facts: confidentialContainersFacts(values, CONFIDENTIAL_RUNTIME_NAMESPACE) },
    });
    this.values = values;
    new PlatformNamespace(this, 'namespace', {
      name: CONFIDENTIAL_RUNTIME_NAMESPACE,
      podSecurity: 'privileged',
      enforceVersion: props.podSecurityVersion,
      // kata-deploy labels its node through the API; the runtime binaries come in its image.
      allows: [apiServerEgress(props.apiServerCidrs)],
      reason: 'kata-deploy installs the Kata/CoCo runtime on the TEE nodes: a privileged DaemonSet with hostPID and hostPath mounts of / and the containerd configuration',
    });
  }
}
