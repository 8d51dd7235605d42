/** The three Pod Security Standards profiles; each one includes everything the one before it forbids. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** One field of a pod that breaks a Pod Security Standards check. */
export interface PodSecurityViolation {
  /** Upstream check ID (policy/check_*.go in kubernetes/pod-security-admission), e.g. 'runAsNonRoot'. */
  readonly check: string;
  /** Path of the offending field relative to the pod, e.g. 'spec.containers[0].securityContext.privileged'. */
  readonly field: string;
  /** What is wrong and what the level allows instead. */
  readonly message: string;
}
