import { chartFacts, estimatedCrd, MONITORING_KINDS, tagPinnedImage, upstreamCrd, type ChartFacts } from '../../lib/chart-facts';
import { CERT_MANAGER_NAMESPACE } from '../../lib/platform-names';
import { HELM_CHARTS } from '../../lib/versions';
import type { CertManagerValues } from './cert-manager-values';
import { CERT_MANAGER_METRICS_PORT, CERT_MANAGER_WEBHOOK_PORT } from './cert-manager-network';

const VERSION = HELM_CHARTS.certManager.version;

/**
 * What cert-manager v1.21.1 renders for these values (deploy/charts/cert-manager/templates:
 * crd-*.yaml behind crds.enabled, servicemonitor.yaml behind prometheus.enabled and
 * prometheus.servicemonitor.enabled with no .Capabilities gate, webhook-service.yaml targetPort
 * "https" = webhook.securePort; images imageRegistry/imageNamespace/<name>:<appVersion>).
 */
export function certManagerFacts(values: CertManagerValues, release: string): ChartFacts {
  const serviceMonitor = values.prometheus.enabled && values.prometheus.servicemonitor.enabled;
  const images = ['controller', 'webhook', 'cainjector', 'startupapicheck'].map((name) => `quay.io/jetstack/cert-manager-${name}:${VERSION}`);
  return chartFacts({
    chartVersion: 'v1.21.1',
    declaredIn: 'charts/platform/cert-manager/cert-manager-facts.ts',
    crds: values.crds.enabled
      ? [
          upstreamCrd('cert-manager.io', 'Certificate', 30684, 'cert-manager/cert-manager.io_certificates.yaml'),
          upstreamCrd('cert-manager.io', 'Issuer', 146343, 'cert-manager/cert-manager.io_issuers.yaml'),
          upstreamCrd('cert-manager.io', 'ClusterIssuer', 146463, 'cert-manager/cert-manager.io_clusterissuers.yaml'),
          estimatedCrd('cert-manager.io', 'CertificateRequest', 12000, 'a status-heavy kind far smaller than Certificate (30,684)'),
          estimatedCrd('acme.cert-manager.io', 'Order', 11000, 'ACME order status only, smaller than CertificateRequest'),
          // The solver schema makes up most of an Issuer's 146 KB; a Challenge embeds one solver.
          estimatedCrd('acme.cert-manager.io', 'Challenge', 140000, 'one ACME solver schema, the bulk of Issuer (146,343): under the limit either way'),
        ]
      : [],
    customResources: serviceMonitor ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [{ service: `${release}-webhook`, namespace: CERT_MANAGER_NAMESPACE, port: CERT_MANAGER_WEBHOOK_PORT }],
    scrapes: serviceMonitor ? [{ namespace: CERT_MANAGER_NAMESPACE, port: CERT_MANAGER_METRICS_PORT }] : [],
    pods: [],
    images,
    // The chart has image.digest values; no digest could be verified without registry access.
    exemptions: images.map((image) => tagPinnedImage(image)),
  });
}
