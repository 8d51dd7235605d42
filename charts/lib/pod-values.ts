/**
 * Plain-JSON shapes of the pod settings platform charts pass to upstream Helm charts (scheduling,
 * resources, disruption budgets), and the helpers that build them the same way for every
 * component. Plain data on purpose: Helm values are not cdk8s objects, so cdk8s-plus types with
 * Quantity/IntOrString wrappers would serialize wrongly.
 */

export interface Toleration {
  readonly key: string;
  readonly operator: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

export interface TopologySpreadConstraint {
  readonly topologyKey: string;
  readonly maxSkew: number;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly matchLabelKeys?: readonly string[];
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export interface ResourceValues {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
export const HOST_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/**
 * Spread replicas across zones and hosts. Zones are a preference (ScheduleAnyway): a cluster
 * whose nodes sit in fewer zones than there are replicas must still run them all. Hosts are a
 * hard rule, with nodeTaintsPolicy Honor so that a dead (tainted) node does not count as an
 * empty domain that blocks every new pod. matchLabelKeys scopes the count to one rollout.
 */
export function spreadAcrossZonesAndHosts(podLabels: Readonly<Record<string, string>>): TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: { ...podLabels } };
  return [
    { topologyKey: ZONE_TOPOLOGY_KEY, maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector, matchLabelKeys: ['pod-template-hash'] },
    { topologyKey: HOST_TOPOLOGY_KEY, maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector, matchLabelKeys: ['pod-template-hash'], nodeTaintsPolicy: 'Honor' },
  ];
}

/**
 * PodDisruptionBudget for a workload with `replicas` pods, for charts whose PDB only takes
 * minAvailable: exactly one pod may be evicted at a time, and a PDB exists only when there are
 * at least two (a PDB over one replica blocks every node drain).
 */
export function oneDisruptionAtATime(replicas: number): { readonly enabled: boolean; readonly minAvailable: number } {
  return { enabled: replicas > 1, minAvailable: Math.max(replicas - 1, 1) };
}

/** Argo CD annotation for objects whose CRD another Application installs (ServiceMonitor, ExternalSecret). */
export const SKIP_DRY_RUN_ANNOTATIONS: Readonly<Record<string, string>> = { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' };
