import type { Finding, PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';

/** A hostPort binds the node's own network interface, bypassing Services and NetworkPolicy. */
export const hostPortsCheck: PodSecurityCheck = {
  id: 'hostPorts',
  level: 'baseline',
  evaluate: ({ spec }) =>
    containersOf(spec).flatMap(({ container, path, label }) =>
      (container.ports ?? []).flatMap(({ hostPort }, index): Finding[] =>
        hostPort === undefined || hostPort === 0
          ? []
          : [
              {
                field: `${path}.ports[${index}].hostPort`,
                message: `${label} sets hostPort ${hostPort}; allowed: 0 or unset`,
              },
            ],
      ),
    ),
};
