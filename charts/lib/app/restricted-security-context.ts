import type { PodSecurityContext, SecurityContext } from 'kubernetes-types/core/v1';

/** UID/GID of every app process: not root, and >= 10000 so it never matches a host user. */
export const APP_USER_ID = 10001;

/**
 * Pod Security `restricted`, stated on the pod and again on the container so each object reads
 * correctly on its own: non-root, seccomp RuntimeDefault, fixed non-root IDs.
 */
export const restrictedPodSecurityContext: PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: APP_USER_ID,
  runAsGroup: APP_USER_ID,
  fsGroup: APP_USER_ID,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** No privilege escalation, no capabilities, read-only root filesystem (writes go to volumes). */
export const restrictedContainerSecurityContext: SecurityContext = {
  runAsNonRoot: true,
  runAsUser: APP_USER_ID,
  runAsGroup: APP_USER_ID,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
