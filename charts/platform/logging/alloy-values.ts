import type { LoggingConfig } from '../../../src/config/platform/logging';
import { containerResources, type ContainerResources } from '../../lib/container-resources';
import type { FleetLabels } from '../../lib/fleet-labels';
import { LOKI_GATEWAY_URL } from '../../lib/platform-names';
import { renderAlloyConfig } from './alloy-config';
import { podLogsPipeline } from './pod-logs-pipeline';

/** The grafana/alloy 1.11.1 chart values this project sets (keys from its values.yaml). */
export interface AlloyValues {
  /** The PodLogs CRD is not used (pipelines are configured here, not by CRs). */
  readonly crds: { readonly create: false };
  readonly alloy: {
    readonly configMap: { readonly create: true; readonly content: string };
    /** Mount the host's /var/log read-only: the pod log files. */
    readonly mounts: { readonly varlog: true; readonly dockercontainers: false };
    readonly securityContext: AlloySecurityContext;
    readonly resources: ContainerResources;
    /** No usage reporting to Grafana Labs from a production cluster. */
    readonly enableReporting: false;
  };
  readonly configReloader: { readonly resources: ContainerResources };
  readonly controller: {
    readonly type: 'daemonset';
    readonly priorityClassName: string;
    readonly tolerations: ReadonlyArray<{ readonly operator: 'Exists' }>;
  };
  readonly serviceMonitor: { readonly enabled: true };
}

interface AlloySecurityContext {
  readonly runAsUser: 0;
  readonly runAsNonRoot: false;
  readonly privileged: false;
  readonly allowPrivilegeEscalation: false;
  readonly capabilities: { readonly drop: readonly ['ALL'] };
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
}

/**
 * @param externalLabels labels on every log line shipped (the cluster and its environment)
 */
export function alloyValues(config: LoggingConfig['shipper'], priorityClassName: string, externalLabels: FleetLabels): AlloyValues {
  return {
    crds: { create: false },
    alloy: {
      configMap: { create: true, content: renderAlloyConfig(podLogsPipeline({ pushUrl: `${LOKI_GATEWAY_URL}/loki/api/v1/push`, externalLabels })) },
      mounts: { varlog: true, dockercontainers: false },
      // Root (uid 0) only to read the root-owned 0640 log files it owns as that user; every
      // capability dropped, no privilege escalation, not privileged.
      securityContext: {
        runAsUser: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      resources: containerResources(config.resources),
      enableReporting: false,
    },
    configReloader: { resources: containerResources({ cpu: '10m', memory: '50Mi' }) },
    controller: {
      type: 'daemonset',
      priorityClassName,
      // A node agent: every node's logs, whatever its taints (ingress, TEE, ...). Application
      // workloads never tolerate the TEE taint; platform node agents deliberately do.
      tolerations: [{ operator: 'Exists' }],
    },
    serviceMonitor: { enabled: true },
  };
}
