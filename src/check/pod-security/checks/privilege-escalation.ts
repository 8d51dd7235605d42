import type { PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';
import { isWindowsPod } from '../pod-facts.js';

/** Unset means "allowed" at runtime (setuid binaries work), so restricted demands an explicit false. */
export const allowPrivilegeEscalationCheck: PodSecurityCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  evaluate: ({ spec }) =>
    isWindowsPod(spec)
      ? []
      : containersOf(spec)
          .filter(({ container }) => container.securityContext?.allowPrivilegeEscalation !== false)
          .map(({ path, label }) => ({
            field: `${path}.securityContext.allowPrivilegeEscalation`,
            message: `${label} must set securityContext.allowPrivilegeEscalation=false explicitly`,
          })),
};
