import type { PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';

/** A privileged container has all devices and capabilities of the node. */
export const privilegedCheck: PodSecurityCheck = {
  id: 'privileged',
  level: 'baseline',
  evaluate: ({ spec }) =>
    containersOf(spec)
      .filter(({ container }) => container.securityContext?.privileged === true)
      .map(({ path, label }) => ({
        field: `${path}.securityContext.privileged`,
        message: `${label} sets securityContext.privileged=true; allowed: false or unset`,
      })),
};
