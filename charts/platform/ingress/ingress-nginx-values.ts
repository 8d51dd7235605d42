import { ingressNginxFacts } from './ingress-nginx-facts';
import type { IngressConfig } from '../../../src/config/platform/ingress';
import type { HelmSource } from '../../lib/helm-source';
import { PLATFORM_CRITICAL_PRIORITY_CLASS, ingressClassName } from '../../lib/platform-names';
import { SKIP_DRY_RUN_ANNOTATIONS, spreadAcrossZonesAndHosts, type ResourceValues, type Toleration, type TopologySpreadConstraint } from '../../lib/pod-values';
import { HELM_CHARTS } from '../../lib/versions';
import { dedicatedNodeScheduling } from './dedicated-nodes';

/** The ingress-nginx chart values this project sets (charts/ingress-nginx/values.yaml 4.15.1). */
export interface IngressNginxValues {
  readonly controller: {
    readonly replicaCount: number;
    /** PDB: the chart renders one whenever replicaCount > 1; maxUnavailable wins over minAvailable. */
    readonly maxUnavailable: number;
    readonly unhealthyPodEvictionPolicy: 'AlwaysAllow' | 'IfHealthyBudget';
    readonly ingressClassResource: { readonly name: string; readonly enabled: boolean; readonly default: boolean; readonly controllerValue: string };
    readonly ingressClass: string;
    readonly allowSnippetAnnotations: boolean;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
    readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
    readonly resources: ResourceValues;
    readonly priorityClassName: string;
    readonly metrics: {
      readonly enabled: boolean;
      readonly serviceMonitor: { readonly enabled: boolean; readonly annotations: Readonly<Record<string, string>> };
    };
    readonly admissionWebhooks: { readonly certManager: { readonly enabled: boolean } };
  };
}

const RELEASE = 'ingress-nginx';

/** Labels the chart puts on controller pods (its selector labels for release `ingress-nginx`). */
const CONTROLLER_POD_LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': RELEASE,
  'app.kubernetes.io/component': 'controller',
};

export function ingressNginxSource(config: IngressConfig): HelmSource<IngressNginxValues> {
  const values: IngressNginxValues = {
    controller: {
      replicaCount: config.replicas,
      maxUnavailable: 1,
      // Lets a drain evict a crash-looping pod instead of blocking on it.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      ingressClassResource: { name: ingressClassName('ingress-nginx'), enabled: true, default: true, controllerValue: 'k8s.io/ingress-nginx' },
      ingressClass: ingressClassName('ingress-nginx'),
      // Snippet annotations let any Ingress author inject nginx config (CVE-2021-25742, CVE-2025-1974).
      allowSnippetAnnotations: false,
      ...dedicatedNodeScheduling(config),
      topologySpreadConstraints: spreadAcrossZonesAndHosts(CONTROLLER_POD_LABELS),
      resources: config.resources,
      priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS,
      metrics: {
        enabled: true,
        // The ServiceMonitor CRD comes from the monitoring component, another Application.
        serviceMonitor: { enabled: true, annotations: SKIP_DRY_RUN_ANNOTATIONS },
      },
      // Webhook certificate from cert-manager instead of the chart's certgen Jobs: those are
      // pre-install hooks, which Argo CD runs before the Namespace exists (argo-cd#3762), and
      // they patch a caBundle at runtime.
      admissionWebhooks: { certManager: { enabled: true } },
    },
  };
  return { chart: HELM_CHARTS.ingressNginx, releaseName: RELEASE, values, facts: ingressNginxFacts(values, RELEASE) };
}
