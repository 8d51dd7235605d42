import type { PodSecurityCheck } from '../check.js';
import { securityContextsOf } from '../security-contexts.js';

/** A Windows HostProcess container runs directly on the node with host access: the Windows "privileged". */
export const windowsHostProcessCheck: PodSecurityCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  evaluate: ({ spec }) =>
    securityContextsOf(spec)
      .filter(({ context }) => context.windowsOptions?.hostProcess === true)
      .map(({ path, label }) => ({
        field: `${path}.windowsOptions.hostProcess`,
        message: `${label} sets windowsOptions.hostProcess=true; allowed: false or unset`,
      })),
};
