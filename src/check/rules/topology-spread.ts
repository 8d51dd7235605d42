import { isRecord, recordAt } from '../pod-security/narrow';
import type { Rule } from './rule';

/** Replicas spread over nodes (and zones), so one failure domain never takes all of them. */
export const topologySpread: Rule = {
  id: 'topology-spread',
  reason: 'Replicas the scheduler may pack onto one node or zone all fail together.',
  fix: 'Add topologySpreadConstraints (topology.kubernetes.io/zone and kubernetes.io/hostname) or a podAntiAffinity to the pod template.',
  severity: 'production',
  *check(context) {
    for (const workload of context.workloads.filter((w) => context.isMultiReplica(w))) {
      const constraints = workload.podSpec['topologySpreadConstraints'];
      const antiAffinity = recordAt(recordAt(workload.podSpec, 'affinity') ?? {}, 'podAntiAffinity');
      const hasSpread = Array.isArray(constraints) && constraints.some(isRecord);
      const hasAntiAffinity =
        antiAffinity !== undefined &&
        ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'].some((key) => {
          const terms = antiAffinity[key];
          return Array.isArray(terms) && terms.length > 0;
        });
      if (!hasSpread && !hasAntiAffinity) {
        yield { object: workload.source, message: `${workload.kind} ${workload.name} runs several replicas with neither topologySpreadConstraints nor podAntiAffinity (${workload.templatePath}.spec)` };
      }
    }
  },
};
