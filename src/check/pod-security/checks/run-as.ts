import type { Finding, PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';
import { runsInUserNamespace } from '../pod-facts.js';
import { securityContextsOf } from '../security-contexts.js';

/**
 * Every container must be guaranteed a non-root user: its own runAsNonRoot=true, or the pod's with
 * the container leaving it unset. Skipped from v1.35 for `hostUsers: false` pods, whose root is not the node's.
 */
export const runAsNonRootCheck: PodSecurityCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  evaluate: ({ spec }) => {
    if (runsInUserNamespace(spec)) return [];
    const findings: Finding[] = [];
    const podRunAsNonRoot = spec.securityContext?.runAsNonRoot;
    if (podRunAsNonRoot === false) {
      findings.push({
        field: 'spec.securityContext.runAsNonRoot',
        message: 'pod sets securityContext.runAsNonRoot=false; allowed: true',
      });
    }
    for (const { container, path, label } of containersOf(spec)) {
      const runAsNonRoot = container.securityContext?.runAsNonRoot;
      if (runAsNonRoot === true || (runAsNonRoot === undefined && podRunAsNonRoot === true)) continue;
      findings.push({
        field: `${path}.securityContext.runAsNonRoot`,
        message:
          runAsNonRoot === false
            ? `${label} sets securityContext.runAsNonRoot=false; allowed: true`
            : `${label} may run as root; set securityContext.runAsNonRoot=true on the pod or the container`,
      });
    }
    return findings;
  },
};

/** UID 0 is root; restricted forbids it explicitly (unset is fine: runAsNonRoot guards that case). Same v1.35 relaxation. */
export const runAsUserCheck: PodSecurityCheck = {
  id: 'runAsUser',
  level: 'restricted',
  evaluate: ({ spec }) =>
    runsInUserNamespace(spec)
      ? []
      : securityContextsOf(spec)
          .filter(({ context }) => context.runAsUser === 0)
          .map(({ path, label }) => ({
            field: `${path}.runAsUser`,
            message: `${label} sets runAsUser=0 (root); allowed: any non-zero UID or unset`,
          })),
};
