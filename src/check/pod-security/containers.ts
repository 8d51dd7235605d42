import type { ContainerLike, PodSpecLike } from './pod-shape.js';

export interface ContainerAt {
  readonly container: ContainerLike;
  /** e.g. 'spec.initContainers[0]' */
  readonly path: string;
  /** e.g. 'container "app"', for messages. */
  readonly label: string;
}

/**
 * Every container of the pod, in upstream's visiting order (policy/visitor.go): init containers,
 * containers, then ephemeral containers. Sidecars are init containers and get no exemption.
 */
export function containersOf(spec: PodSpecLike): ContainerAt[] {
  return [
    ...located(spec.initContainers, 'spec.initContainers'),
    ...located(spec.containers, 'spec.containers'),
    ...located(spec.ephemeralContainers, 'spec.ephemeralContainers'),
  ];
}

function located(containers: readonly ContainerLike[] | undefined, listPath: string): ContainerAt[] {
  return (containers ?? []).map((container, index) => {
    const path = `${listPath}[${index}]`;
    return { container, path, label: container.name ? `container "${container.name}"` : path };
  });
}
