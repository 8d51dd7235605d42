import { isEmptySelector, readLabelSelector, selectorMatches } from '../k8s/label-selector';
import { recordAt, type UnknownRecord } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

type Direction = 'Ingress' | 'Egress';
const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/** The directions a NetworkPolicy isolates (the API's defaulting when policyTypes is omitted). */
function policyTypes(spec: UnknownRecord): Direction[] {
  const declared = spec['policyTypes'];
  if (Array.isArray(declared)) return DIRECTIONS.filter((d) => declared.includes(d));
  return spec['egress'] === undefined ? ['Ingress'] : ['Ingress', 'Egress'];
}

function policiesIn(context: RuleContext, namespace: string): UnknownRecord[] {
  return context.ofKindIn('networking.k8s.io', 'NetworkPolicy', namespace).map((p) => recordAt(p.object, 'spec') ?? {});
}

/** Every pod is selected by NetworkPolicies that isolate both its ingress and its egress. */
export const networkPolicyCoverage: Rule = {
  id: 'network-policy-coverage',
  reason: 'A pod no NetworkPolicy selects accepts and opens any connection: one compromised pod reaches everything.',
  fix: 'Select the pods with NetworkPolicies covering Ingress and Egress (a default-deny for the namespace plus explicit allows).',
  severity: 'production',
  *check(context) {
    for (const workload of context.workloads) {
      const isolated = new Set<Direction>();
      for (const spec of policiesIn(context, workload.namespace)) {
        const selector = readLabelSelector(spec['podSelector']);
        if (selector !== undefined && selectorMatches(selector, workload.podLabels)) for (const d of policyTypes(spec)) isolated.add(d);
      }
      const open = DIRECTIONS.filter((d) => !isolated.has(d));
      if (open.length > 0) {
        yield { object: workload.source, message: `no NetworkPolicy in namespace ${workload.namespace} isolates the ${open.join(' and ')} of its pods` };
      }
    }
  },
};

/** Every namespace starts from deny-all, so each allowed flow is written down. */
export const networkPolicyDefaultDeny: Rule = {
  id: 'network-policy-default-deny',
  reason: 'Without a default-deny, any pod added to the namespace later is open until someone remembers to add a policy.',
  fix: 'Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules to the namespace.',
  severity: 'production',
  *check(context) {
    for (const namespace of context.namespaces.values()) {
      const denied = deniedDirections(context, namespace);
      const missing = DIRECTIONS.filter((d) => !denied.has(d));
      if (missing.length > 0) {
        yield { object: namespace, message: `namespace ${namespace.object.metadata.name} has no default-deny NetworkPolicy for ${missing.join(' and ')}` };
      }
    }
  },
};

/** Directions some all-pods policy without rules denies in the namespace. */
function deniedDirections(context: RuleContext, namespace: CheckedObject): Set<Direction> {
  const denied = new Set<Direction>();
  for (const spec of policiesIn(context, namespace.object.metadata.name)) {
    const selector = readLabelSelector(spec['podSelector']);
    if (selector === undefined || !isEmptySelector(selector)) continue;
    for (const direction of policyTypes(spec)) {
      const rules = spec[direction === 'Ingress' ? 'ingress' : 'egress'];
      if (rules === undefined || (Array.isArray(rules) && rules.length === 0)) denied.add(direction);
    }
  }
  return denied;
}
