import type { PodSpecLike } from './pod-shape.js';

/**
 * A pod that declares `spec.os.name: windows` is exempt from the Linux-only restricted checks
 * (allowPrivilegeEscalation, capabilities_restricted, seccompProfile_restricted) since policy v1.25:
 * the API rejects those fields on Windows pods, so requiring them would make such pods impossible.
 */
export function isWindowsPod(spec: PodSpecLike): boolean {
  return spec.os?.name === 'windows';
}

/**
 * `hostUsers: false` maps root in the container to an unprivileged user on the node (KEP-127),
 * so from policy v1.35 runAsNonRoot, runAsUser and the baseline procMount check are relaxed.
 */
export function runsInUserNamespace(spec: PodSpecLike): boolean {
  return spec.hostUsers === false;
}
