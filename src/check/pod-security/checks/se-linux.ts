import type { Finding, PodSecurityCheck } from '../check.js';
import { securityContextsOf } from '../security-contexts.js';

/** SELinux types that confine a container like the runtime default does; container_engine_t since v1.31. */
const allowedSeLinuxTypes: ReadonlySet<string> = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

/** A custom SELinux user or role could escape the container domain entirely, so both must stay empty. */
export const seLinuxOptionsCheck: PodSecurityCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  evaluate: ({ spec }) =>
    securityContextsOf(spec).flatMap(({ context, path, label }) => {
      const options = context.seLinuxOptions;
      if (options === undefined) return [];
      const findings: Finding[] = [];
      const type = options.type ?? '';
      if (!allowedSeLinuxTypes.has(type)) {
        findings.push({
          field: `${path}.seLinuxOptions.type`,
          message: `${label} sets seLinuxOptions.type "${type}"; allowed: container_t, container_init_t, container_kvm_t, container_engine_t or empty`,
        });
      }
      for (const key of ['user', 'role'] as const) {
        if (options[key]) {
          findings.push({
            field: `${path}.seLinuxOptions.${key}`,
            message: `${label} sets seLinuxOptions.${key} "${options[key]}"; it must be empty`,
          });
        }
      }
      return findings;
    }),
};
