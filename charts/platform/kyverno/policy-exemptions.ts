import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { CERT_MANAGER_NAMESPACE, EXTERNAL_SECRETS_NAMESPACE, KYVERNO_NAMESPACE, LOGGING_NAMESPACE, MONITORING_NAMESPACE, ingressNamespace } from '../../lib/platform-names';
import { VELERO_NAMESPACE } from '../backup/velero-schedules';
import { LOG_SHIPPER_NAMESPACE } from '../logging/log-shipper-chart';
import { NODE_EXPORTER_NAMESPACE } from '../monitoring/node-exporter-namespace';
import { STACKROX_NAMESPACE, STACKROX_OPERATOR_NAMESPACE } from '../stackrox/stackrox-chart';
import { TEE_NODES_NAMESPACE } from '../tee-nodes/tee-nodes-chart';
import { METRICS_SERVER_NAMESPACE } from '../metrics-server/metrics-server-chart';
import { EXTERNAL_DNS_NAMESPACE } from '../external-dns/external-dns-chart';
import { CONFIDENTIAL_RUNTIME_NAMESPACE } from '../confidential-runtime/confidential-runtime-chart';

/**
 * Every namespace the Kyverno policies treat differently, with the reason, in one reviewed
 * table. The policies match Pods in ALL namespaces (a namespace nobody thought of is covered);
 * this table is the only way out, and a test requires every platform namespace to appear in it
 * so that the decision is made deliberately. Add your component's namespace here.
 */
export interface NamespacePolicyDecision {
  readonly namespace: string;
  /** Why images here may be referenced by tag (exempt from the digest rule); unset = not exempt. */
  readonly digestExemption?: string;
  /** Why images here may even use the `latest` tag; unset = not exempt (the normal case). */
  readonly latestTagExemption?: string;
  /**
   * Why the application-workload policies (allowed registries, image signatures, requests and
   * limits, Pod Security via Kyverno) do not apply here; unset = they apply.
   */
  readonly workloadExemption?: string;
}

const UPSTREAM_CHART = 'platform component from its upstream Helm chart (pinned chart version, Renovate-managed)';

export function namespacePolicyDecisions(environment: EnvironmentConfig): NamespacePolicyDecision[] {
  const controller = environment.platform.ingress.controller;
  return [
    {
      namespace: 'kube-system',
      digestExemption: 'cluster add-ons installed and upgraded by the cluster provider reference images by tag',
      latestTagExemption: 'provider-managed add-ons are outside this repository (Kyverno\'s webhook skips kube-system too)',
      workloadExemption: 'cluster add-ons (CNI, DNS, CSI) need host access and come from the provider registry',
    },
    {
      namespace: environment.argocd.namespace,
      digestExemption: 'the argo-cd chart references quay.io/argoproj/argocd and the redis image by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from quay.io and ecr-public.aws.com; Kyverno must never be able to block the pods that sync it`,
    },
    {
      namespace: CERT_MANAGER_NAMESPACE,
      digestExemption: 'the cert-manager chart references quay.io/jetstack images by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from quay.io`,
    },
    {
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      digestExemption: 'the external-secrets chart references ghcr.io images by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from ghcr.io`,
    },
    {
      namespace: KYVERNO_NAMESPACE,
      digestExemption: 'the kyverno chart references reg.kyverno.io images by tag',
      workloadExemption: `${UPSTREAM_CHART}; Kyverno must never be able to block its own pods`,
    },
    controller === 'ingress-nginx'
      ? // The ingress-nginx chart pins its images by digest, so the digest rule applies here too.
        { namespace: ingressNamespace(controller), workloadExemption: `${UPSTREAM_CHART}; pulls from registry.k8s.io` }
      : {
          namespace: ingressNamespace(controller),
          digestExemption: 'the traefik chart references docker.io/traefik by tag',
          workloadExemption: `${UPSTREAM_CHART}; pulls from docker.io`,
        },
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
    ...(environment.platform.externalDns?.enabled
      ? [
          {
            namespace: EXTERNAL_DNS_NAMESPACE,
            digestExemption: 'the external-dns chart references registry.k8s.io/external-dns by tag',
            workloadExemption: `${UPSTREAM_CHART}; pulls from registry.k8s.io`,
          },
        ]
      : []),
    ...(environment.platform.metricsServer.enabled
      ? [
          {
            namespace: METRICS_SERVER_NAMESPACE,
            digestExemption: 'the metrics-server chart references registry.k8s.io/metrics-server by tag',
            workloadExemption: `${UPSTREAM_CHART}; pulls from registry.k8s.io`,
          },
        ]
      : []),
    ...(environment.platform.tee
      ? [
          {
            namespace: TEE_NODES_NAMESPACE,
            digestExemption: 'the node-feature-discovery chart references registry.k8s.io/nfd by tag (the tuner is pinned by digest in the overlay)',
            workloadExemption: `${UPSTREAM_CHART}; the NFD worker reads host /sys and /proc, the TEE tuner writes host sysctls from a privileged init container`,
          },
          {
            namespace: CONFIDENTIAL_RUNTIME_NAMESPACE,
            digestExemption: 'the confidential-containers chart (kata-deploy subchart) references quay.io/kata-containers/kata-deploy by tag',
            workloadExemption: `${UPSTREAM_CHART}; kata-deploy installs the Kata runtime on the TEE nodes from a privileged DaemonSet`,
          },
        ]
      : []),
  ];
}
