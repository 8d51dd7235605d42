import { containersOf } from './containers.js';
import type { PodSpecLike, SharedSecurityContextLike } from './pod-shape.js';

export interface SecurityContextAt {
  readonly context: SharedSecurityContextLike;
  /** e.g. 'spec.securityContext' or 'spec.containers[0].securityContext' */
  readonly path: string;
  /** 'pod' or 'container "app"', for messages. */
  readonly label: string;
}

/** The pod's securityContext and every container's, for the checks that apply the same rule to both levels. */
export function securityContextsOf(spec: PodSpecLike): SecurityContextAt[] {
  const podContext: SecurityContextAt[] = spec.securityContext
    ? [{ context: spec.securityContext, path: 'spec.securityContext', label: 'pod' }]
    : [];
  const containerContexts = containersOf(spec).flatMap(({ container, path, label }) =>
    container.securityContext ? [{ context: container.securityContext, path: `${path}.securityContext`, label }] : [],
  );
  return [...podContext, ...containerContexts];
}
