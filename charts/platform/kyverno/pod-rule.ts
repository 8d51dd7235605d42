import type { ClusterPolicySpecRules } from '../../../imports/kyverno-clusterpolicy-kyverno.io';
import type { Exemption } from './kyverno-policy';

/**
 * A rule over Pods in every namespace except the exempted ones. Kyverno generates the matching
 * rules for Deployments, StatefulSets, Jobs and other controllers itself (autogen), so a bad
 * Deployment is rejected, not just its Pods.
 */
export function podRule(name: string, exemptions: readonly Exemption[], body: Omit<ClusterPolicySpecRules, 'name' | 'match' | 'exclude'>): ClusterPolicySpecRules {
  const namespaces = exemptions.map((e) => e.namespace).sort();
  return {
    name,
    match: { any: [{ resources: { kinds: ['Pod'] } }] },
    ...(namespaces.length > 0 ? { exclude: { any: [{ resources: { namespaces } }] } } : {}),
    // CRD defaults, rendered so that the live object equals Git (no permanent Argo CD diff).
    skipBackgroundRequests: true,
    ...body,
    ...(body.validate ? { validate: { allowExistingViolations: true, ...body.validate } } : {}),
  };
}

/** A pattern applied to every container list of a Pod (containers, initContainers, ephemeralContainers). */
export function everyContainer(containerPattern: Record<string, unknown>): Record<string, unknown> {
  return {
    spec: {
      containers: [containerPattern],
      '=(initContainers)': [containerPattern],
      '=(ephemeralContainers)': [containerPattern],
    },
  };
}
