import type { Finding, PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';
import type { PodSpecLike } from '../pod-shape.js';
import { runsInUserNamespace } from '../pod-facts.js';

/** An Unmasked /proc exposes kernel interfaces that the default mask hides from containers. */
function unmaskedProcFindings(spec: PodSpecLike, allowedHint: string): Finding[] {
  return containersOf(spec).flatMap(({ container, path, label }): Finding[] => {
    const procMount = container.securityContext?.procMount;
    if (procMount === undefined || procMount === 'Default') return [];
    return [
      {
        field: `${path}.securityContext.procMount`,
        message: `${label} sets securityContext.procMount=${procMount}; allowed: Default or unset${allowedHint}`,
      },
    ];
  });
}

/** Baseline since v1.35: any procMount is fine inside a user namespace, where /proc belongs to the pod. */
export const procMountCheck: PodSecurityCheck = {
  id: 'procMount',
  level: 'baseline',
  evaluate: ({ spec }) =>
    runsInUserNamespace(spec) ? [] : unmaskedProcFindings(spec, ' (any value with spec.hostUsers=false)'),
};

/** Restricted (v1.35) keeps the old rule even for user-namespace pods. */
export const procMountRestrictedCheck: PodSecurityCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  overrides: ['procMount'],
  evaluate: ({ spec }) => unmaskedProcFindings(spec, ', even with spec.hostUsers=false'),
};
