import { checksForLevel } from './levels.js';
import type { PodLike } from './pod-shape.js';
import type { PodSecurityLevel, PodSecurityViolation } from './types.js';

/** Every field of the pod that the given Pod Security level forbids; empty when the pod is admitted. */
export function evaluatePodSecurity(pod: PodLike, level: PodSecurityLevel): PodSecurityViolation[] {
  return checksForLevel(level).flatMap((check) =>
    check.evaluate(pod).map((finding) => ({ check: check.id, ...finding })),
  );
}
