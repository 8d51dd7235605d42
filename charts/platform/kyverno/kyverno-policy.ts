import { Construct } from 'constructs';
import {
  ClusterPolicy,
  ClusterPolicySpecValidationFailureAction,
  type ClusterPolicySpecRules,
} from '../../../imports/kyverno-clusterpolicy-kyverno.io';
import type { PolicyFailureAction } from '../../../src/config/platform/kyverno';
import { afterHelmCrds } from '../../lib/sync-options';

/** A namespace a rule does not apply to, and why (rendered as an annotation next to the policy). */
export interface Exemption {
  readonly namespace: string;
  readonly reason: string;
}

export interface KyvernoPolicyProps {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** What a violation does; also rendered as each rule's failureAction. */
  readonly failureAction: PolicyFailureAction;
  /**
   * Re-check existing Pods periodically and report (PolicyReports).
   * @default true
   */
  readonly background?: boolean;
  /**
   * Admission webhook timeout; image verification talks to registries and needs longer.
   * @default 10
   */
  readonly webhookTimeoutSeconds?: number;
  readonly rules: readonly ClusterPolicySpecRules[];
  /**
   * Namespaces any of the rules exclude; each reason becomes an `exemption.platform.example.com/<ns>`
   * annotation (reasons of one namespace joined with '; ').
   */
  readonly exemptions: readonly Exemption[];
}

/** Annotation prefix carrying the reason each namespace is excluded from a policy. */
export const EXEMPTION_ANNOTATION_PREFIX = 'exemption.platform.example.com/';

/**
 * A ClusterPolicy rendered by this project, synced after the Kyverno chart that installs the
 * CRD. Fields the CRD would default are rendered explicitly so Argo CD never sees a diff, and
 * the deprecated policy-level validationFailureAction mirrors the rule-level failureAction so
 * a reader sees one answer.
 */
export class KyvernoPolicy extends Construct {
  constructor(scope: Construct, id: string, props: KyvernoPolicyProps) {
    super(scope, id);
    if (props.rules.length === 0) throw new Error(`ClusterPolicy '${props.name}': rules must not be empty`);
    const annotations: Record<string, string> = {
      'policies.kyverno.io/title': props.title,
      'policies.kyverno.io/category': 'Platform baseline',
      'policies.kyverno.io/subject': 'Pod',
      'policies.kyverno.io/description': props.description,
    };
    for (const { namespace, reason } of props.exemptions) {
      const key = `${EXEMPTION_ANNOTATION_PREFIX}${namespace}`;
      const previous = annotations[key];
      if (previous !== reason) annotations[key] = previous === undefined ? reason : `${previous}; ${reason}`;
    }
    const policy = new ClusterPolicy(this, 'resource', {
      metadata: { name: props.name, annotations },
      spec: {
        admission: true,
        background: props.background ?? true,
        emitWarning: false,
        // The CRD allows Audit/Enforce and the lowercase legacy spellings; the import kept only the
        // lowercase ones (same names), so the canonical spelling is passed through this cast.
        validationFailureAction: props.failureAction as string as ClusterPolicySpecValidationFailureAction,
        webhookTimeoutSeconds: props.webhookTimeoutSeconds ?? 10,
        rules: [...props.rules],
      },
    });
    afterHelmCrds(policy);
  }
}
