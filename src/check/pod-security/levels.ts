import type { PodSecurityCheck } from './check.js';
import { appArmorProfileCheck } from './checks/app-armor.js';
import { capabilitiesBaselineCheck, capabilitiesRestrictedCheck } from './checks/capabilities.js';
import { hostNamespacesCheck } from './checks/host-namespaces.js';
import { hostPortsCheck } from './checks/host-ports.js';
import { hostProbesAndHostLifecycleCheck } from './checks/host-probes-and-lifecycle.js';
import { privilegedCheck } from './checks/privileged.js';
import { allowPrivilegeEscalationCheck } from './checks/privilege-escalation.js';
import { procMountCheck, procMountRestrictedCheck } from './checks/proc-mount.js';
import { runAsNonRootCheck, runAsUserCheck } from './checks/run-as.js';
import { seccompProfileBaselineCheck, seccompProfileRestrictedCheck } from './checks/seccomp.js';
import { seLinuxOptionsCheck } from './checks/se-linux.js';
import { sysctlsCheck } from './checks/sysctls.js';
import { hostPathVolumesCheck, restrictedVolumesCheck } from './checks/volumes.js';
import { windowsHostProcessCheck } from './checks/windows-host-process.js';
import type { PodSecurityLevel } from './types.js';

/** Every check of the Pod Security Standards at policy v1.35 (also what v1.36 and `latest` on 1.36 enforce). */
const allChecks: readonly PodSecurityCheck[] = [
  hostNamespacesCheck,
  privilegedCheck,
  capabilitiesBaselineCheck,
  hostPathVolumesCheck,
  hostPortsCheck,
  appArmorProfileCheck,
  seLinuxOptionsCheck,
  procMountCheck,
  seccompProfileBaselineCheck,
  sysctlsCheck,
  windowsHostProcessCheck,
  hostProbesAndHostLifecycleCheck,
  restrictedVolumesCheck,
  allowPrivilegeEscalationCheck,
  runAsNonRootCheck,
  runAsUserCheck,
  seccompProfileRestrictedCheck,
  capabilitiesRestrictedCheck,
  procMountRestrictedCheck,
];

const baselineChecks = allChecks.filter((check) => check.level === 'baseline');

/** Restricted = baseline minus the checks a stricter restricted check replaces, plus the restricted checks. */
const replacedAtRestricted: ReadonlySet<string> = new Set(allChecks.flatMap((check) => check.overrides ?? []));
const restrictedChecks = allChecks.filter((check) => !replacedAtRestricted.has(check.id));

const checksByLevel: Readonly<Record<PodSecurityLevel, readonly PodSecurityCheck[]>> = {
  privileged: [],
  baseline: baselineChecks,
  restricted: restrictedChecks,
};

export function checksForLevel(level: PodSecurityLevel): readonly PodSecurityCheck[] {
  return checksByLevel[level];
}
