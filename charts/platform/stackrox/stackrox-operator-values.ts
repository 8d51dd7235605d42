import { containerResources, type ContainerResources } from '../../lib/container-resources';

/** The stackrox-operator 4.11.1 chart values this project sets (keys from its values.yaml). */
export interface StackroxOperatorValues {
  readonly manager: {
    readonly resources: ContainerResources;
    readonly priorityClassName: string;
    /** The chart's default lacks a seccomp profile, which the restricted Pod Security level requires. */
    readonly podSecurityContext: { readonly runAsNonRoot: true; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  };
  /** Install the Central and SecuredCluster CRDs, and keep them if the chart is removed (deleting a CRD deletes every CR). */
  readonly crd: { readonly enable: true; readonly keep: true };
}

export function stackroxOperatorValues(priorityClassName: string): StackroxOperatorValues {
  return {
    manager: {
      resources: containerResources({ cpu: '100m', memory: '512Mi' }),
      priorityClassName,
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    },
    crd: { enable: true, keep: true },
  };
}
