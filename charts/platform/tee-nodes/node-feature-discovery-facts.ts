import { chartFacts, estimatedCrd, tagPinnedImage, upstreamCrd, type ChartFacts } from '../../lib/chart-facts';
import type { NodeFeatureDiscoveryValues } from './node-feature-discovery-values';

/**
 * What node-feature-discovery 0.19.0 renders for these values (deployment/helm/node-feature-
 * discovery: crds/ with NodeFeature, NodeFeatureGroup and NodeFeatureRule; master, worker and gc
 * with the image registry.k8s.io/nfd/node-feature-discovery:<appVersion>; no ServiceMonitor
 * unless prometheus.enable; the worker mounts host /sys, /proc, /boot, /etc/os-release and
 * /lib/modules through hostPath; the chart sets no seccomp profile, so master and gc need baseline).
 */
export function nodeFeatureDiscoveryFacts(_values: NodeFeatureDiscoveryValues, release: string, namespace: string): ChartFacts {
  const image = 'registry.k8s.io/nfd/node-feature-discovery:v0.19.0';
  return chartFacts({
    chartVersion: '0.19.0',
    declaredIn: 'charts/platform/tee-nodes/node-feature-discovery-facts.ts',
    crds: [
      upstreamCrd('nfd.k8s-sigs.io', 'NodeFeatureRule', 9380, 'node-feature-discovery/nfd.k8s-sigs.io_nodefeaturerules.yaml'),
      estimatedCrd('nfd.k8s-sigs.io', 'NodeFeature', 5000, 'the first document of nfd-api-crds.yaml, a flat feature map'),
      estimatedCrd('nfd.k8s-sigs.io', 'NodeFeatureGroup', 9000, 'the second document of nfd-api-crds.yaml, rules like NodeFeatureRule (9,380)'),
    ],
    customResources: [],
    webhooks: [],
    scrapes: [],
    pods: [
      { workload: `DaemonSet/${release}-worker`, namespace, level: 'privileged', reason: 'hostPath mounts of /sys, /proc, /boot, /etc/os-release and /lib/modules to read node features' },
      { workload: `Deployment/${release}-master`, namespace, level: 'baseline', reason: 'no seccomp profile set by the chart' },
      { workload: `Deployment/${release}-gc`, namespace, level: 'baseline', reason: 'no seccomp profile set by the chart' },
    ],
    images: [image],
    exemptions: [tagPinnedImage(image)],
  });
}
