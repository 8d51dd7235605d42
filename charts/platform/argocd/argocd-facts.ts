import { chartFacts, MONITORING_KINDS, tagPinnedImage, upstreamCrd, type ChartFacts } from '../../lib/chart-facts';
import type { ArgoCdValues } from './argocd-values';
import { ARGOCD_METRICS_PORTS } from './argocd-network';

/** The chart's appVersion: the Argo CD version the images and CRDs are. */
export const ARGOCD_APP_VERSION = 'v3.4.4';

/**
 * What argo-cd 10.1.1 (appVersion v3.4.4) renders for these values: its three CRDs (templates/crds,
 * behind crds.install), a metrics Service and ServiceMonitor per component with metrics and
 * serviceMonitor enabled, no admission webhooks, no pod above `restricted` (every component's
 * default containerSecurityContext drops all capabilities, runs as non-root with RuntimeDefault
 * seccomp). Images: global.image (quay.io/argoproj/argocd, tag = appVersion) for the controller,
 * server, repo-server, ApplicationSet controller and the redis-secret-init hook Job, and redis.
 *
 * CRD sizes are measured on ../shared/upstream/crds/argo-cd, which is Argo CD v3.5.1 (the CRD the
 * project validates against); the chart ships v3.4.4's, of about the same size. ApplicationSet's
 * 343,248 bytes exceed the 262,144-byte client-side apply limit: the Application is server-side applied.
 */
export function argoCdFacts(values: ArgoCdValues, namespace: string): ChartFacts {
  const images = [`quay.io/argoproj/argocd:${ARGOCD_APP_VERSION}`, 'ecr-public.aws.com/docker/library/redis:8.2.3-alpine'];
  const scrapedPorts = [
    ...(values.controller.metrics.serviceMonitor.enabled ? [ARGOCD_METRICS_PORTS.controller] : []),
    ...(values.server.metrics.serviceMonitor.enabled ? [ARGOCD_METRICS_PORTS.server] : []),
    ...(values.repoServer.metrics.serviceMonitor.enabled ? [ARGOCD_METRICS_PORTS.repoServer] : []),
    ...(values.applicationSet.metrics.serviceMonitor.enabled ? [ARGOCD_METRICS_PORTS.applicationSet] : []),
  ];
  return chartFacts({
    chartVersion: '10.1.1',
    declaredIn: 'charts/platform/argocd/argocd-facts.ts',
    crds: values.crds.install
      ? [
          upstreamCrd('argoproj.io', 'Application', 197294, 'argo-cd/application-crd.yaml'),
          upstreamCrd('argoproj.io', 'ApplicationSet', 343248, 'argo-cd/applicationset-crd.yaml'),
          upstreamCrd('argoproj.io', 'AppProject', 12097, 'argo-cd/appproject-crd.yaml'),
        ]
      : [],
    customResources: scrapedPorts.length > 0 ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [],
    scrapes: scrapedPorts.map((port) => ({ namespace, port })),
    pods: [],
    images,
    exemptions: images.map((image) => tagPinnedImage(image)),
  });
}
