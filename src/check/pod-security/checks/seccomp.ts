import type { Finding, PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';
import { isWindowsPod } from '../pod-facts.js';
import type { ProfileLike } from '../pod-shape.js';
import { securityContextsOf } from '../security-contexts.js';

const confiningProfileTypes: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

function isConfining(profile: ProfileLike): boolean {
  return confiningProfileTypes.has(profile.type ?? '');
}

/** Baseline only forbids switching seccomp off; leaving it unset is allowed. */
export const seccompProfileBaselineCheck: PodSecurityCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  evaluate: ({ spec }) =>
    securityContextsOf(spec)
      .filter(({ context }) => context.seccompProfile?.type === 'Unconfined')
      .map(({ path, label }) => ({
        field: `${path}.seccompProfile.type`,
        message: `${label} sets seccompProfile.type=Unconfined; allowed: RuntimeDefault, Localhost or unset`,
      })),
};

/**
 * Restricted requires a confining profile on every container, set on the container or inherited
 * from the pod. A container's own profile overrides the pod's, so it is judged on its own.
 */
export const seccompProfileRestrictedCheck: PodSecurityCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  overrides: ['seccompProfile_baseline'],
  evaluate: ({ spec }) => {
    if (isWindowsPod(spec)) return [];
    const findings: Finding[] = [];
    const podProfile = spec.securityContext?.seccompProfile;
    if (podProfile !== undefined && !isConfining(podProfile)) {
      findings.push({
        field: 'spec.securityContext.seccompProfile.type',
        message: `pod sets seccompProfile.type to "${podProfile.type ?? ''}"; allowed: RuntimeDefault or Localhost`,
      });
    }
    const podConfines = podProfile !== undefined && isConfining(podProfile);
    for (const { container, path, label } of containersOf(spec)) {
      const profile = container.securityContext?.seccompProfile;
      if (profile === undefined ? podConfines : isConfining(profile)) continue;
      findings.push({
        field: `${path}.securityContext.seccompProfile.type`,
        message:
          profile === undefined
            ? `${label} has no seccompProfile; set seccompProfile.type to RuntimeDefault or Localhost on the pod or the container`
            : `${label} sets seccompProfile.type to "${profile.type ?? ''}"; allowed: RuntimeDefault or Localhost`,
      });
    }
    return findings;
  },
};
