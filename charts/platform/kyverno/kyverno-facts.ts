import { chartFacts, estimatedCrd, MONITORING_KINDS, tagPinnedImage, upstreamCrd, type ChartFacts, type CrdFact } from '../../lib/chart-facts';
import { KYVERNO_NAMESPACE } from '../../lib/platform-names';
import type { KyvernoValues } from './kyverno-values';
import { KYVERNO_METRICS_PORT, KYVERNO_WEBHOOK_PORT } from './kyverno-network';

const TAG = 'v1.19.0';

/** The crds subchart's default groups (crds.groups.*: every kind true) at kyverno-chart-3.9.0. */
function kyvernoCrds(): CrdFact[] {
  const estimate = (group: string, kind: string, bytes: number) => estimatedCrd(group, kind, bytes, 'the chart\'s crds subchart; the application is server-side applied, so only the order of magnitude matters');
  return [
    upstreamCrd('kyverno.io', 'ClusterPolicy', 651763, 'kyverno/kyverno.io_clusterpolicies.yaml'),
    upstreamCrd('kyverno.io', 'Policy', 651945, 'kyverno/kyverno.io_policies.yaml'),
    upstreamCrd('kyverno.io', 'PolicyException', 41265, 'kyverno/kyverno.io_policyexceptions.yaml'),
    estimate('kyverno.io', 'CleanupPolicy', 60000),
    estimate('kyverno.io', 'ClusterCleanupPolicy', 60000),
    estimate('kyverno.io', 'GlobalContextEntry', 15000),
    estimate('kyverno.io', 'UpdateRequest', 40000),
    upstreamCrd('policies.kyverno.io', 'ValidatingPolicy', 178625, 'kyverno/policies.kyverno.io_validatingpolicies.yaml'),
    upstreamCrd('policies.kyverno.io', 'ImageValidatingPolicy', 243340, 'kyverno/policies.kyverno.io_imagevalidatingpolicies.yaml'),
    upstreamCrd('policies.kyverno.io', 'PolicyException', 14621, 'kyverno/policies.kyverno.io_policyexceptions.yaml'),
    estimate('policies.kyverno.io', 'NamespacedValidatingPolicy', 178000),
    estimate('policies.kyverno.io', 'NamespacedImageValidatingPolicy', 243000),
    estimate('policies.kyverno.io', 'MutatingPolicy', 200000),
    estimate('policies.kyverno.io', 'NamespacedMutatingPolicy', 200000),
    estimate('policies.kyverno.io', 'GeneratingPolicy', 120000),
    estimate('policies.kyverno.io', 'DeletingPolicy', 60000),
    estimate('policies.kyverno.io', 'NamespacedDeletingPolicy', 60000),
    estimate('reports.kyverno.io', 'EphemeralReport', 20000),
    estimate('reports.kyverno.io', 'ClusterEphemeralReport', 20000),
    estimate('wgpolicyk8s.io', 'PolicyReport', 15000),
    estimate('wgpolicyk8s.io', 'ClusterPolicyReport', 15000),
  ];
}

/**
 * What kyverno 3.9.0 renders for these values (charts/kyverno: the crds subchart behind
 * crds.install; one ServiceMonitor per controller behind its serviceMonitor.enabled, not gated on
 * .Capabilities; the cleanup controller's ValidatingWebhookConfiguration (the admission
 * controller registers its webhooks itself at run time); images reg.kyverno.io/kyverno/<name>
 * with the appVersion; kyverno-cli for the CRD migration post-upgrade hook).
 */
export function kyvernoFacts(values: KyvernoValues, release: string): ChartFacts {
  const controllers = [values.admissionController, values.backgroundController, values.cleanupController, values.reportsController];
  const monitored = controllers.some((c) => c.serviceMonitor.enabled);
  const images = ['kyverno', 'kyvernopre', 'background-controller', 'cleanup-controller', 'reports-controller', 'kyverno-cli'].map((name) => `reg.kyverno.io/kyverno/${name}:${TAG}`);
  return chartFacts({
    chartVersion: '3.9.0',
    declaredIn: 'charts/platform/kyverno/kyverno-facts.ts',
    crds: values.crds.install ? kyvernoCrds() : [],
    customResources: monitored ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [{ service: `${release}-cleanup-controller`, namespace: KYVERNO_NAMESPACE, port: KYVERNO_WEBHOOK_PORT }],
    scrapes: monitored ? [{ namespace: KYVERNO_NAMESPACE, port: KYVERNO_METRICS_PORT }] : [],
    pods: [],
    images,
    exemptions: images.map((image) => tagPinnedImage(image)),
  });
}
