import { scaledValue } from '../k8s/int-or-percent';
import { readLabelSelector, selectorMatches } from '../k8s/label-selector';
import type { Workload } from '../k8s/workloads';
import { recordAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

/** PodDisruptionBudgets in the workload's namespace whose selector matches its pods. */
function budgetsFor(context: RuleContext, workload: Workload): CheckedObject[] {
  return context.ofKindIn('policy', 'PodDisruptionBudget', workload.namespace).filter((pdb) => {
    // policy/v1: an absent selector selects nothing, an empty one every pod of the namespace.
    const selector = readLabelSelector(recordAt(pdb.object, 'spec')?.['selector']);
    return selector !== undefined && selectorMatches(selector, workload.podLabels);
  });
}

/** Every multi-replica workload has a PodDisruptionBudget. */
export const pdbRequired: Rule = {
  id: 'pdb-required',
  reason: 'Without a PodDisruptionBudget a node drain may evict every replica at once.',
  fix: 'Add a PodDisruptionBudget selecting the pods, with maxUnavailable: 1 (or minAvailable below the replica count).',
  severity: 'production',
  *check(context) {
    for (const workload of context.workloads) {
      if (!context.isMultiReplica(workload) || budgetsFor(context, workload).length > 0) continue;
      yield { object: workload.source, message: `${workload.kind} ${workload.name} runs ${context.minimumReplicas(workload)}+ replicas and no PodDisruptionBudget selects its pods` };
    }
  },
};

/** A PodDisruptionBudget that allows no disruption blocks node drains and cluster upgrades forever. */
export const pdbAllowsDisruption: Rule = {
  id: 'pdb-allows-disruption',
  reason: 'A PodDisruptionBudget that allows zero disruptions blocks every node drain and cluster upgrade.',
  fix: 'Use maxUnavailable: 1 (or a minAvailable lower than the fewest replicas the workload runs).',
  severity: 'production',
  *check(context) {
    for (const pdb of context.ofKind('policy', 'PodDisruptionBudget')) {
      const spec = recordAt(pdb.object, 'spec') ?? {};
      const { minAvailable, maxUnavailable } = spec;
      if (minAvailable === undefined && maxUnavailable === undefined) {
        yield { object: pdb, message: 'sets neither spec.minAvailable nor spec.maxUnavailable' };
        continue;
      }
      const selector = readLabelSelector(spec['selector']);
      const namespace = context.namespaceOf(pdb) ?? 'default';
      const selected = selector === undefined ? [] : context.workloadsIn(namespace).filter((w) => selectorMatches(selector, w.podLabels));
      // Without a selected workload (dangling-pdb reports that), judge the budget on its own for 2 pods.
      const replicaCounts = selected.length > 0 ? selected.map((w) => ({ name: `${w.kind} ${w.name}`, replicas: context.minimumReplicas(w) })) : [{ name: '2 pods', replicas: 2 }];
      for (const { name, replicas } of replicaCounts) {
        const allowed =
          maxUnavailable !== undefined ? scaledValue(maxUnavailable, replicas) : minAvailable !== undefined ? subtract(replicas, scaledValue(minAvailable, replicas)) : undefined;
        if (allowed !== undefined && allowed < 1) {
          const setting = maxUnavailable !== undefined ? `maxUnavailable ${JSON.stringify(maxUnavailable)}` : `minAvailable ${JSON.stringify(minAvailable)}`;
          yield { object: pdb, message: `${setting} allows no disruption of ${name} (${replicas} replica${replicas === 1 ? '' : 's'} at least)` };
        }
      }
    }
  },
};

function subtract(total: number, value: number | undefined): number | undefined {
  return value === undefined ? undefined : total - value;
}
