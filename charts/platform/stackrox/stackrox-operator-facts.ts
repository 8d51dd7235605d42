import { chartFacts, estimatedCrd, tagPinnedImage, upstreamCrd, type ChartFacts } from '../../lib/chart-facts';
import type { StackroxOperatorValues } from './stackrox-operator-values';

/**
 * What stackrox-operator 4.11.1 renders for these values (stackrox/helm-charts 4.11.1/operator:
 * the Central and SecuredCluster CRDs and config.stackrox.io SecurityPolicy behind crd.enable; the
 * operator Deployment, restricted with the seccomp profile these values add; no ServiceMonitor, no
 * webhook). The pods the operator starts for Central and SecuredCluster (Collector runs
 * privileged) are not the chart's: they come at run time, in the privileged stackrox namespace.
 */
export function stackroxOperatorFacts(values: StackroxOperatorValues): ChartFacts {
  const image = 'quay.io/stackrox-io/stackrox-operator:4.11.1';
  return chartFacts({
    chartVersion: '4.11.1',
    declaredIn: 'charts/platform/stackrox/stackrox-operator-facts.ts',
    crds: values.crd.enable
      ? [
          upstreamCrd('platform.stackrox.io', 'Central', 72721, 'stackrox/platform.stackrox.io_centrals.yaml'),
          upstreamCrd('platform.stackrox.io', 'SecuredCluster', 67135, 'stackrox/platform.stackrox.io_securedclusters.yaml'),
          estimatedCrd('config.stackrox.io', 'SecurityPolicy', 30000, 'policy criteria and scopes, well under Central (72,721)'),
        ]
      : [],
    customResources: [],
    webhooks: [],
    scrapes: [],
    pods: [],
    images: [image],
    exemptions: [tagPinnedImage(image)],
  });
}
