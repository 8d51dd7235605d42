import type { Finding, PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';
import { isWindowsPod } from '../pod-facts.js';

/** The container runtime's default set; adding any of these back grants nothing new. Matched exactly, case included. */
const baselineAddableCapabilities: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaselineCheck: PodSecurityCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  evaluate: ({ spec }) =>
    containersOf(spec).flatMap(({ container, path, label }) =>
      (container.securityContext?.capabilities?.add ?? []).flatMap((capability, index): Finding[] =>
        baselineAddableCapabilities.has(capability)
          ? []
          : [
              {
                field: `${path}.securityContext.capabilities.add[${index}]`,
                message: `${label} adds capability "${capability}"; allowed: ${[...baselineAddableCapabilities].join(', ')}`,
              },
            ],
      ),
    ),
};

/** Restricted: drop everything, and add back at most the right to bind ports below 1024. */
export const capabilitiesRestrictedCheck: PodSecurityCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  overrides: ['capabilities_baseline'],
  evaluate: ({ spec }) => {
    if (isWindowsPod(spec)) return [];
    return containersOf(spec).flatMap(({ container, path, label }) => {
      const capabilities = container.securityContext?.capabilities;
      const findings: Finding[] = [];
      if (!(capabilities?.drop ?? []).includes('ALL')) {
        findings.push({
          field: `${path}.securityContext.capabilities.drop`,
          message: `${label} must set securityContext.capabilities.drop=["ALL"]`,
        });
      }
      (capabilities?.add ?? []).forEach((capability, index) => {
        if (capability !== 'NET_BIND_SERVICE') {
          findings.push({
            field: `${path}.securityContext.capabilities.add[${index}]`,
            message: `${label} adds capability "${capability}"; allowed: only NET_BIND_SERVICE`,
          });
        }
      });
      return findings;
    });
  },
};
