import { chartFacts, tagPinnedImage, type ChartFacts } from '../../lib/chart-facts';
import type { ConfidentialContainersValues } from './confidential-containers-values';

/**
 * What confidential-containers 0.16.0 renders for these values: its kata-deploy 3.22.0 subchart
 * under the alias `kata-as-coco-runtime` (Helm names an aliased subchart by its alias, so the
 * DaemonSet is `kata-as-coco-runtime`), privileged with hostPID and a hostPath mount of `/` to
 * install the Kata artefacts and edit containerd's configuration; the image
 * quay.io/kata-containers/kata-deploy:<appVersion 3.22.0>; no CRD, webhook or ServiceMonitor; no
 * RuntimeClass while env.createRuntimeClasses is "false". The handlers are `kata-<shim>` for each
 * shim in env.shims, written into containerd on the selected nodes.
 */
export function confidentialContainersFacts(values: ConfidentialContainersValues, namespace: string): ChartFacts {
  const image = 'quay.io/kata-containers/kata-deploy:3.22.0';
  const runtime = values['kata-as-coco-runtime'];
  return chartFacts({
    chartVersion: '0.16.0',
    declaredIn: 'charts/platform/confidential-runtime/confidential-containers-facts.ts',
    crds: [],
    customResources: [],
    webhooks: [],
    scrapes: [],
    pods: [{ workload: 'DaemonSet/kata-as-coco-runtime', namespace, level: 'privileged', reason: 'installs the Kata runtime on the node: privileged, hostPID, hostPath mounts of / and the containerd configuration' }],
    images: [image],
    exemptions: [tagPinnedImage(image)],
    runtimeHandlers: runtime.env.shims.split(' ').filter((shim) => shim !== '').map((shim) => `kata-${shim}`),
  });
}
