import { chartFacts, tagPinnedImage, type ChartFacts } from '../../lib/chart-facts';
import type { ExternalDnsValues } from './external-dns-values';

/**
 * What external-dns 1.21.1 renders for these values (kubernetes-sigs/external-dns
 * charts/external-dns: one Deployment with registry.k8s.io/external-dns/external-dns:v<appVersion
 * 0.21.0>, restricted by the chart's default pod and container securityContext; RBAC and a
 * Service on 7979; no CRD (the DNSEndpoint CRD is not installed by the chart), no webhook, no
 * ServiceMonitor unless serviceMonitor.enabled).
 */
export function externalDnsFacts(_values: ExternalDnsValues): ChartFacts {
  const image = 'registry.k8s.io/external-dns/external-dns:v0.21.0';
  return chartFacts({
    chartVersion: '1.21.1',
    declaredIn: 'charts/platform/external-dns/external-dns-facts.ts',
    crds: [],
    customResources: [],
    webhooks: [],
    scrapes: [],
    pods: [],
    images: [image],
    exemptions: [tagPinnedImage(image)],
  });
}
