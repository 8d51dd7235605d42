import { traefikFacts } from './traefik-facts';
import type { IngressConfig } from '../../../src/config/platform/ingress';
import type { HelmSource } from '../../lib/helm-source';
import { PLATFORM_CRITICAL_PRIORITY_CLASS, ingressClassName, ingressNamespace } from '../../lib/platform-names';
import { spreadAcrossZonesAndHosts, type ResourceValues, type Toleration, type TopologySpreadConstraint } from '../../lib/pod-values';
import { HELM_CHARTS } from '../../lib/versions';
import { dedicatedNodeScheduling } from './dedicated-nodes';

/** The traefik chart values this project sets (charts/traefik/values.yaml 41.3.0). */
export interface TraefikValues {
  readonly deployment: { readonly replicas: number };
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
  readonly ingressClass: { readonly enabled: boolean; readonly isDefaultClass: boolean; readonly name: string };
  readonly global: { readonly checkNewVersion: boolean; readonly sendAnonymousUsage: boolean };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly resources: ResourceValues;
  readonly priorityClassName: string;
  readonly metrics: {
    readonly prometheus: {
      readonly service: { readonly enabled: boolean };
      readonly serviceMonitor: { readonly enabled: boolean };
    };
  };
}

const RELEASE = 'traefik';

/** Labels the chart puts on Traefik pods (instance is `<release>-<namespace>`). */
const POD_LABELS = {
  'app.kubernetes.io/name': 'traefik',
  'app.kubernetes.io/instance': `${RELEASE}-${ingressNamespace('traefik')}`,
};

export function traefikSource(config: IngressConfig): HelmSource<TraefikValues> {
  const values: TraefikValues = {
    deployment: { replicas: config.replicas },
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    ingressClass: { enabled: true, isDefaultClass: true, name: ingressClassName('traefik') },
    // No calls home from the cluster; Renovate tells us about new versions.
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    ...dedicatedNodeScheduling(config),
    topologySpreadConstraints: spreadAcrossZonesAndHosts(POD_LABELS),
    resources: config.resources,
    priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS,
    // The chart renders the ServiceMonitor only once the monitoring component's CRD exists.
    metrics: { prometheus: { service: { enabled: true }, serviceMonitor: { enabled: true } } },
  };
  return { chart: HELM_CHARTS.traefik, releaseName: RELEASE, values, facts: traefikFacts(values) };
}
