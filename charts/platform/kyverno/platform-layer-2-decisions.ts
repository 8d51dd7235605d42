import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { LOGGING_NAMESPACE, MONITORING_NAMESPACE } from '../../lib/platform-names';
import { VELERO_NAMESPACE } from '../backup/velero-schedules';
import { LOG_SHIPPER_NAMESPACE } from '../logging/log-shipper-chart';
import { NODE_EXPORTER_NAMESPACE } from '../monitoring/node-exporter-namespace';
import { STACKROX_NAMESPACE, STACKROX_OPERATOR_NAMESPACE } from '../stackrox/stackrox-chart';
import { TEE_NODES_NAMESPACE } from '../tee-nodes/tee-nodes-chart';
import type { NamespacePolicyDecision } from './policy-exemptions';

const UPSTREAM_CHART = 'platform component from its upstream Helm chart (pinned chart version, Renovate-managed)';

/**
 * The Kyverno decisions for the namespaces of platform layer II (monitoring, logs, backup,
 * StackRox, TEE nodes): their upstream charts reference public images by tag, and several run
 * node agents with host access (their namespaces are privileged, see src/check/privileged-namespaces.ts).
 */
export function platformLayer2PolicyDecisions(environment: EnvironmentConfig): NamespacePolicyDecision[] {
  return [
    {
      namespace: MONITORING_NAMESPACE,
      digestExemption: 'the kube-prometheus-stack chart references quay.io/prometheus, docker.io/grafana and registry.k8s.io images by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from quay.io, docker.io and registry.k8s.io`,
    },
    {
      namespace: NODE_EXPORTER_NAMESPACE,
      digestExemption: 'the prometheus-node-exporter subchart references quay.io/prometheus/node-exporter by tag',
      workloadExemption: `${UPSTREAM_CHART}; node-exporter needs hostNetwork, hostPID and a hostPath mount of /`,
    },
    {
      namespace: LOGGING_NAMESPACE,
      digestExemption: 'the loki chart references docker.io/grafana/loki, nginx and memcached images by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from docker.io`,
    },
    {
      namespace: LOG_SHIPPER_NAMESPACE,
      digestExemption: 'the alloy chart references docker.io/grafana/alloy by tag',
      workloadExemption: `${UPSTREAM_CHART}; Alloy reads /var/log on every node through a hostPath mount`,
    },
    {
      namespace: VELERO_NAMESPACE,
      digestExemption: 'the velero chart references docker.io/velero/velero by tag (the object-store plugin is pinned by digest in the overlay)',
      workloadExemption: `${UPSTREAM_CHART}; pulls from docker.io; the node agent mounts /var/lib/kubelet/pods as root`,
    },
    {
      namespace: STACKROX_OPERATOR_NAMESPACE,
      digestExemption: 'the stackrox-operator chart references quay.io/stackrox-io/stackrox-operator by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from quay.io`,
    },
    {
      namespace: STACKROX_NAMESPACE,
      digestExemption: 'the StackRox operator deploys Central, Sensor, Collector and Scanner from quay.io/stackrox-io by tag',
      workloadExemption: 'pods created by the StackRox operator from its own images; Collector runs privileged on every node',
    },
    ...(environment.platform.tee
      ? [
          {
            namespace: TEE_NODES_NAMESPACE,
            digestExemption: 'the node-feature-discovery chart references registry.k8s.io/nfd by tag (the tuner is pinned by digest in the overlay)',
            workloadExemption: `${UPSTREAM_CHART}; the NFD worker reads host /sys and /proc, the TEE tuner writes host sysctls from a privileged init container`,
          },
        ]
      : []),
  ];
}
