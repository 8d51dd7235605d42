import { ClusterPolicySpecRulesValidatePodSecurityLevel, ClusterPolicySpecRulesValidatePodSecurityVersion } from '../../../../imports/kyverno-clusterpolicy-kyverno.io';
import type { KyvernoPolicyProps } from '../kyverno-policy';
import { podRule } from '../pod-rule';
import { validateAction, type PolicyContext } from './policy-context';

/**
 * Pod Security `restricted` through Kyverno, in addition to the namespace labels: it reports
 * (PolicyReports) and blocks Deployments at admission instead of leaving a ReplicaSet that
 * silently cannot create Pods, and it covers a namespace whose labels were changed.
 */
export function podSecurityPolicy(context: PolicyContext): KyvernoPolicyProps {
  const failureAction = context.environment.platform.kyverno.failureAction;
  return {
    name: 'pod-security-restricted',
    title: 'Pod Security restricted',
    description: 'Pods meet the restricted Pod Security Standard.',
    failureAction,
    exemptions: context.workloadExemptions,
    rules: [
      podRule('restricted', context.workloadExemptions, {
        validate: {
          failureAction: validateAction(failureAction),
          podSecurity: { level: ClusterPolicySpecRulesValidatePodSecurityLevel.RESTRICTED, version: podSecurityVersion(context.environment.platform.tenancy.podSecurityVersion) },
        },
      }),
    ],
  };
}

/** The overlay's pinned version (prod) or `latest`; Kyverno knows a fixed list of versions. */
function podSecurityVersion(version: string | undefined): ClusterPolicySpecRulesValidatePodSecurityVersion {
  if (version === undefined) return ClusterPolicySpecRulesValidatePodSecurityVersion.LATEST;
  const known = Object.values(ClusterPolicySpecRulesValidatePodSecurityVersion).find((v) => v === version);
  if (!known) {
    const supported = Object.values(ClusterPolicySpecRulesValidatePodSecurityVersion).join(', ');
    throw new Error(`tenancy.podSecurityVersion: Kyverno 1.19 has no Pod Security version '${version}', expected one of: ${supported}`);
  }
  return known;
}
