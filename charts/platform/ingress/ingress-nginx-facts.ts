import { chartFacts, MONITORING_KINDS, type ChartFacts } from '../../lib/chart-facts';
import { ingressNamespace } from '../../lib/platform-names';
import type { IngressNginxValues } from './ingress-nginx-values';
import { INGRESS_PORTS } from './ingress-network';

/**
 * What ingress-nginx 4.15.1 renders for these values (charts/ingress-nginx/templates: the
 * ServiceMonitor behind controller.metrics.enabled and metrics.serviceMonitor.enabled, not gated
 * on .Capabilities; with admissionWebhooks.certManager.enabled a cert-manager Issuer and
 * Certificate for the webhook instead of the certgen hook Jobs; the admission Service's port 443
 * to the controller's `webhook` port 8443; the controller image as registry/image:tag@digest,
 * the chart's own pinned digest).
 */
export function ingressNginxFacts(values: IngressNginxValues, release: string): ChartFacts {
  const namespace = ingressNamespace('ingress-nginx');
  const { metrics, admissionWebhooks } = values.controller;
  const serviceMonitor = metrics.enabled && metrics.serviceMonitor.enabled;
  return chartFacts({
    chartVersion: '4.15.1',
    declaredIn: 'charts/platform/ingress/ingress-nginx-facts.ts',
    crds: [],
    customResources: [
      ...(serviceMonitor ? [MONITORING_KINDS.serviceMonitor] : []),
      ...(admissionWebhooks.certManager.enabled ? [{ group: 'cert-manager.io', kind: 'Issuer' }, { group: 'cert-manager.io', kind: 'Certificate' }] : []),
    ],
    webhooks: [{ service: `${release}-controller-admission`, namespace, port: INGRESS_PORTS['ingress-nginx'].webhook! }],
    scrapes: serviceMonitor ? [{ namespace, port: INGRESS_PORTS['ingress-nginx'].metrics }] : [],
    pods: [],
    images: ['registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1'],
    exemptions: [],
  });
}
