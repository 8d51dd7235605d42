import type { Finding, PodSecurityCheck } from '../check.js';

/**
 * Sysctls that are namespaced per pod and isolated from other pods, as of policy v1.35
 * (v1.0 set plus v1.27, v1.29 and v1.32 additions). v1.37 adds net.ipv4.tcp_slow_start_after_idle and
 * net.ipv4.tcp_notsent_lowat; they are deliberately absent until this module targets v1.37.
 */
const safeSysctls: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** Sysctls exist only at pod level in the API, so only spec.securityContext.sysctls is checked. */
export const sysctlsCheck: PodSecurityCheck = {
  id: 'sysctls',
  level: 'baseline',
  evaluate: ({ spec }) =>
    (spec.securityContext?.sysctls ?? []).flatMap(({ name }, index): Finding[] =>
      safeSysctls.has(name ?? '')
        ? []
        : [
            {
              field: `spec.securityContext.sysctls[${index}].name`,
              message: `pod sets forbidden sysctl "${name ?? ''}"; allowed: ${[...safeSysctls].join(', ')}`,
            },
          ],
    ),
};
