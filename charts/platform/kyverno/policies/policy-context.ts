import {
  ClusterPolicySpecRulesValidateFailureAction,
  ClusterPolicySpecRulesVerifyImagesFailureAction,
} from '../../../../imports/kyverno-clusterpolicy-kyverno.io';
import type { EnvironmentConfig } from '../../../../src/config/environment-config';
import type { PolicyFailureAction } from '../../../../src/config/platform/kyverno';
import type { Exemption } from '../kyverno-policy';
import { namespacePolicyDecisions, type NamespacePolicyDecision } from '../policy-exemptions';

/** What every policy builder needs: the environment and the exemptions by kind. */
export interface PolicyContext {
  readonly environment: EnvironmentConfig;
  readonly digestExemptions: readonly Exemption[];
  readonly latestTagExemptions: readonly Exemption[];
  readonly workloadExemptions: readonly Exemption[];
}

export function policyContext(environment: EnvironmentConfig): PolicyContext {
  const decisions = namespacePolicyDecisions(environment);
  const pick = (reason: (d: NamespacePolicyDecision) => string | undefined): Exemption[] =>
    decisions.flatMap((d) => {
      const why = reason(d);
      return why === undefined ? [] : [{ namespace: d.namespace, reason: why }];
    });
  return {
    environment,
    digestExemptions: pick((d) => d.digestExemption),
    latestTagExemptions: pick((d) => d.latestTagExemption),
    workloadExemptions: pick((d) => d.workloadExemption),
  };
}

export function validateAction(action: PolicyFailureAction): ClusterPolicySpecRulesValidateFailureAction {
  return action === 'Enforce' ? ClusterPolicySpecRulesValidateFailureAction.ENFORCE : ClusterPolicySpecRulesValidateFailureAction.AUDIT;
}

export function verifyImagesAction(action: PolicyFailureAction): ClusterPolicySpecRulesVerifyImagesFailureAction {
  return action === 'Enforce' ? ClusterPolicySpecRulesVerifyImagesFailureAction.ENFORCE : ClusterPolicySpecRulesVerifyImagesFailureAction.AUDIT;
}
