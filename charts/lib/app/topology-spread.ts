import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';

/**
 * Spread replicas over zones and hosts. Zones are a preference (a zone outage must not stop
 * scheduling); hosts are a rule, counting only nodes the pod may run on (tainted or cordoned
 * nodes are ignored, so a drain cannot deadlock it) and only pods of the same revision (so a
 * rolling update is never blocked by the pods it replaces).
 */
export function topologySpread(selector: Readonly<Record<string, string>>): TopologySpreadConstraint[] {
  const common = {
    maxSkew: 1,
    labelSelector: { matchLabels: { ...selector } },
    matchLabelKeys: ['pod-template-hash'],
    nodeTaintsPolicy: 'Honor',
  };
  return [
    { ...common, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
    { ...common, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
  ];
}
