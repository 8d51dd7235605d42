import type { Finding, PodSecurityCheck } from '../check.js';
import { containersOf } from '../containers.js';
import type { ContainerLike, HostHandlerLike } from '../pod-shape.js';

/** Every probe and lifecycle hook of a container, with its path below the container. */
function handlersOf(container: ContainerLike): { handler: HostHandlerLike | undefined; path: string }[] {
  return [
    { handler: container.livenessProbe, path: 'livenessProbe' },
    { handler: container.readinessProbe, path: 'readinessProbe' },
    { handler: container.startupProbe, path: 'startupProbe' },
    { handler: container.lifecycle?.postStart, path: 'lifecycle.postStart' },
    { handler: container.lifecycle?.preStop, path: 'lifecycle.preStop' },
  ];
}

/**
 * The kubelet performs probes and hooks from the node, so a `host` turns them into a way to make
 * the node send requests anywhere (policy v1.34+). Only the pod's own IP (host unset) is allowed.
 */
export const hostProbesAndHostLifecycleCheck: PodSecurityCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  evaluate: ({ spec }) =>
    containersOf(spec).flatMap(({ container, path, label }) =>
      handlersOf(container).flatMap(({ handler, path: handlerPath }) =>
        (['httpGet', 'tcpSocket'] as const).flatMap((action): Finding[] => {
          const host = handler?.[action]?.host;
          if (!host) return [];
          return [
            {
              field: `${path}.${handlerPath}.${action}.host`,
              message: `${label} sends ${handlerPath} to host "${host}"; allowed: empty or unset (the pod's own IP)`,
            },
          ];
        }),
      ),
    ),
};
