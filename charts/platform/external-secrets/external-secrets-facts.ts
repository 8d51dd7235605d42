import { chartFacts, estimatedCrd, MONITORING_KINDS, tagPinnedImage, upstreamCrd, type ChartFacts, type CrdFact } from '../../lib/chart-facts';
import { EXTERNAL_SECRETS_NAMESPACE } from '../../lib/platform-names';
import type { ExternalSecretsValues } from './external-secrets-values';
import { EXTERNAL_SECRETS_METRICS_PORT, EXTERNAL_SECRETS_WEBHOOK_PORT } from './external-secrets-network';

/** Generator kinds the chart's crds/ folder ships at 2.9.0 (config/crds/bases/generators.external-secrets.io_*). */
const GENERATORS = ['ACRAccessToken', 'CloudsmithAccessToken', 'ClusterGenerator', 'ECRAuthorizationToken', 'Fake', 'GCRAccessToken', 'GeneratorState', 'GithubAccessToken', 'Grafana', 'MFA', 'Password', 'QuayAccessToken', 'SSHKey', 'STSSessionToken', 'UUID', 'VaultDynamicSecret', 'Webhook'];

/**
 * What external-secrets 2.9.0 renders for these values (deploy/charts/external-secrets: CRDs
 * behind installCRDs and crds.create*; one ServiceMonitor per Deployment behind
 * serviceMonitor.enabled, renderMode skipIfMissing, so only where the cluster serves
 * ServiceMonitor; webhook Service port 443 to webhook.port 10250; one image for all three).
 */
export function externalSecretsFacts(values: ExternalSecretsValues, release: string): ChartFacts {
  const image = 'ghcr.io/external-secrets/external-secrets:v2.9.0';
  const crds: CrdFact[] = values.installCRDs
    ? [
        upstreamCrd('external-secrets.io', 'ExternalSecret', 38613, 'external-secrets/external-secrets.io_externalsecrets.yaml'),
        upstreamCrd('external-secrets.io', 'ClusterExternalSecret', 46816, 'external-secrets/external-secrets.io_clusterexternalsecrets.yaml'),
        upstreamCrd('external-secrets.io', 'SecretStore', 349194, 'external-secrets/external-secrets.io_secretstores.yaml'),
        upstreamCrd('external-secrets.io', 'ClusterSecretStore', 349241, 'external-secrets/external-secrets.io_clustersecretstores.yaml'),
        estimatedCrd('external-secrets.io', 'PushSecret', 30000, 'selector and data mappings like ExternalSecret (38,613)'),
        estimatedCrd('external-secrets.io', 'ClusterPushSecret', 36000, 'a PushSecret template plus namespace selectors'),
        ...GENERATORS.map((kind) => estimatedCrd('generators.external-secrets.io', kind, kind === 'ClusterGenerator' ? 120000 : 10000, kind === 'ClusterGenerator' ? 'embeds every generator spec' : 'one small generator spec')),
      ]
    : [];
  return chartFacts({
    chartVersion: '2.9.0',
    declaredIn: 'charts/platform/external-secrets/external-secrets-facts.ts',
    crds,
    customResources: values.serviceMonitor.enabled ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [{ service: `${release}-webhook`, namespace: EXTERNAL_SECRETS_NAMESPACE, port: EXTERNAL_SECRETS_WEBHOOK_PORT }],
    scrapes: values.serviceMonitor.enabled ? [{ namespace: EXTERNAL_SECRETS_NAMESPACE, port: EXTERNAL_SECRETS_METRICS_PORT }] : [],
    pods: [],
    images: [image],
    exemptions: [tagPinnedImage(image, 'the chart renders <repository>:<tag> only (no digest value); a digest would need image.tag "v2.9.0@sha256:..." once verified with registry access')],
  });
}
