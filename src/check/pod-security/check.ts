import type { PodLike } from './pod-shape.js';
import type { PodSecurityViolation } from './types.js';

/** A violation before the evaluator stamps the ID of the check that found it. */
export type Finding = Omit<PodSecurityViolation, 'check'>;

/** One upstream Pod Security check, at the policy version this module implements (v1.35). */
export interface PodSecurityCheck {
  /** Upstream check ID, e.g. 'capabilities_restricted'. */
  readonly id: string;
  /** The lowest level that runs this check; restricted runs every baseline check too. */
  readonly level: 'baseline' | 'restricted';
  /** Baseline check IDs that this restricted check replaces at the restricted level (upstream OverrideCheckIDs). */
  readonly overrides?: readonly string[];
  readonly evaluate: (pod: PodLike) => Finding[];
}
