import { recordAt } from '../pod-security/narrow';
import type { Rule } from './rule';

/** In production every replicated workload survives the loss of one pod or node. */
export const minReplicas: Rule = {
  id: 'min-replicas',
  reason: 'One replica means every node drain, eviction or crash is an outage.',
  fix: 'Run at least 2 replicas in production: spec.replicas >= 2, or an HPA with minReplicas >= 2 (overlays/<env>/apps.yaml).',
  severity: 'production',
  *check(context) {
    // Fewer replicas outside production is a deliberate saving, not a defect.
    if (!context.production) return;
    for (const workload of context.workloads.filter((w) => w.replicated)) {
      const minimum = context.minimumReplicas(workload);
      if (minimum >= 2) continue;
      const hpa = context.hpaFor(workload);
      yield {
        object: hpa ?? workload.source,
        message:
          hpa === undefined
            ? `${workload.kind} ${workload.name} runs ${minimum} replica${workload.replicas === undefined ? ' (spec.replicas unset)' : ''}`
            : `HorizontalPodAutoscaler ${hpa.object.metadata.name} lets ${workload.kind} ${workload.name} scale down to ${minimum} (spec.minReplicas)`,
      };
    }
  },
};

/** A workload scaled by an HPA must not also pin spec.replicas. */
export const hpaOwnsReplicas: Rule = {
  id: 'hpa-owns-replicas',
  reason: 'With spec.replicas rendered, every Argo CD sync resets the replica count the HPA chose.',
  fix: 'Remove spec.replicas from a workload that an HorizontalPodAutoscaler targets.',
  severity: 'production',
  *check(context) {
    for (const workload of context.workloads.filter((w) => w.replicated && w.replicas !== undefined)) {
      const hpa = context.hpaFor(workload);
      if (hpa === undefined) continue;
      const max = recordAt(hpa.object, 'spec')?.['maxReplicas'];
      yield {
        object: workload.source,
        message: `spec.replicas is ${workload.replicas}, but HorizontalPodAutoscaler ${hpa.object.metadata.name} scales it (max ${String(max)})`,
      };
    }
  },
};
