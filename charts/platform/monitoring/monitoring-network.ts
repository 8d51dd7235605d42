import type { ControlPlaneKind, RemoteWriteConfig } from '../../../src/config/platform/monitoring';
import { MONITORING_NAMESPACE } from '../../lib/platform-names';
import { apiServerEgress, externalEgress, tcp, urlPort, webhookIngress, withinNamespace } from '../../lib/platform-network-allows';
import { peer, type NetworkAllow } from '../../lib/platform-network-policy';

/** prometheus-operator's admission webhook port (prometheusOperator.tls.internalPort). */
export const PROMETHEUS_OPERATOR_WEBHOOK_PORT = 10250;
/** node-exporter's port on the node (host network). */
export const NODE_EXPORTER_PORT = 9100;
/** The kubelet's port on the node (kubelet and cAdvisor metrics). */
const KUBELET_PORT = 10250;
/**
 * Control-plane metrics ports on node addresses (chart defaults): etcd, kube-proxy,
 * kube-controller-manager, kube-scheduler. Scraped only on a self-hosted control plane.
 */
export const CONTROL_PLANE_PORTS = { etcd: 2381, kubeProxy: 10249, kubeControllerManager: 10257, kubeScheduler: 10259 } as const;

/** Labels prometheus-operator puts on every Prometheus server pod (its StatefulSet's pod selector), and on nothing else in the namespace. */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator' };

/** Ports Prometheus scrapes on node addresses (host-network targets). */
export function nodeScrapePorts(controlPlane: ControlPlaneKind): number[] {
  return [KUBELET_PORT, NODE_EXPORTER_PORT, ...(controlPlane === 'self-hosted' ? Object.values(CONTROL_PLANE_PORTS) : [])];
}

/**
 * Prometheus, Alertmanager, Grafana, kube-state-metrics and the operator. Prometheus discovers
 * its targets at run time (apps and platform components on their own metrics ports), so its
 * egress is broad on purpose: every namespace, and node addresses on the kubelet and
 * node-exporter ports. The precise side is each target's ingress, which admits this namespace
 * on its metrics ports only.
 */
export function monitoringNetworkAllows(apiServerCidrs: readonly string[], controlPlane: ControlPlaneKind, remoteWrite?: RemoteWriteConfig): NetworkAllow[] {
  const controlPlaneWhy = controlPlane === 'self-hosted' ? ' and control-plane metrics' : '';
  return [
    ...withinNamespace(MONITORING_NAMESPACE),
    apiServerEgress(apiServerCidrs),
    webhookIngress(apiServerCidrs, PROMETHEUS_OPERATOR_WEBHOOK_PORT),
    { name: 'scrape-pods', direction: 'Egress', peers: [peer.allNamespaces()], why: 'Prometheus scrapes targets it discovers in every namespace (each target admits it on its metrics port only); Grafana queries Loki' },
    // Node addresses are not known in advance; these targets listen on the node itself.
    externalEgress('scrape-nodes', tcp(...nodeScrapePorts(controlPlane)), `kubelet/cAdvisor, node-exporter${controlPlaneWhy} on node addresses (host network, not known in advance)`),
    externalEgress('alert-webhook', tcp(443), 'Alertmanager posts to the on-call webhook (URL in Vault, so any address on 443)'),
    ...(remoteWrite ? [remoteWriteEgress(remoteWrite)] : []),
  ];
}

/** Prometheus sends every sample to the fleet's central store (only where the overlay names one). */
function remoteWriteEgress(remoteWrite: RemoteWriteConfig): NetworkAllow {
  const port = urlPort(remoteWrite.url);
  return {
    ...externalEgress('remote-write', tcp(port), `Prometheus remote-writes to the fleet store at ${remoteWrite.url} (a host name, so any address on ${port})`),
    podLabels: PROMETHEUS_POD_LABELS,
  };
}

/**
 * node-exporter runs with hostNetwork: NetworkPolicies do not apply to host-network pods, so
 * this allow documents the flow rather than enforcing it. The namespace still gets its
 * default-deny, so any pod-network pod added there later is closed.
 */
export function nodeExporterNetworkAllows(): NetworkAllow[] {
  return [{ name: 'metrics', direction: 'Ingress', peers: [peer.namespace(MONITORING_NAMESPACE)], ports: tcp(NODE_EXPORTER_PORT), why: 'Prometheus scrapes node-exporter (host network: documented, not enforced)' }];
}
