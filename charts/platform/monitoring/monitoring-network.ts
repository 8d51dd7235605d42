import { MONITORING_NAMESPACE } from '../../lib/platform-names';
import { apiServerEgress, externalEgress, tcp, webhookIngress, withinNamespace } from '../../lib/platform-network-allows';
import { peer, type NetworkAllow } from '../../lib/platform-network-policy';

/** prometheus-operator's admission webhook port (prometheusOperator.tls.internalPort). */
export const PROMETHEUS_OPERATOR_WEBHOOK_PORT = 10250;
/** node-exporter's port on the node (host network). */
export const NODE_EXPORTER_PORT = 9100;
/**
 * Ports Prometheus scrapes on node addresses (host-network targets, chart defaults): kubelet and
 * cAdvisor, node-exporter, etcd metrics, kube-proxy, kube-controller-manager, kube-scheduler.
 */
const NODE_SCRAPE_PORTS = [10250, NODE_EXPORTER_PORT, 2381, 10249, 10257, 10259];

/**
 * Prometheus, Alertmanager, Grafana, kube-state-metrics and the operator. Prometheus discovers
 * its targets at run time (apps and platform components on their own metrics ports), so its
 * egress is broad on purpose: every namespace, and node addresses on the kubelet and
 * node-exporter ports. The precise side is each target's ingress, which admits this namespace
 * on its metrics ports only.
 */
export function monitoringNetworkAllows(apiServerCidrs: readonly string[]): NetworkAllow[] {
  return [
    ...withinNamespace(MONITORING_NAMESPACE),
    apiServerEgress(apiServerCidrs),
    webhookIngress(apiServerCidrs, PROMETHEUS_OPERATOR_WEBHOOK_PORT),
    { name: 'scrape-pods', direction: 'Egress', peers: [peer.allNamespaces()], why: 'Prometheus scrapes targets it discovers in every namespace (each target admits it on its metrics port only); Grafana queries Loki' },
    // Node addresses are not known in advance; these targets listen on the node itself.
    externalEgress('scrape-nodes', tcp(...NODE_SCRAPE_PORTS), 'kubelet/cAdvisor, node-exporter and control-plane metrics on node addresses (host network, not known in advance)'),
    externalEgress('alert-webhook', tcp(443), 'Alertmanager posts to the on-call webhook (URL in Vault, so any address on 443)'),
  ];
}

/**
 * node-exporter runs with hostNetwork: NetworkPolicies do not apply to host-network pods, so
 * this allow documents the flow rather than enforcing it. The namespace still gets its
 * default-deny, so any pod-network pod added there later is closed.
 */
export function nodeExporterNetworkAllows(): NetworkAllow[] {
  return [{ name: 'metrics', direction: 'Ingress', peers: [peer.namespace(MONITORING_NAMESPACE)], ports: tcp(NODE_EXPORTER_PORT), why: 'Prometheus scrapes node-exporter (host network: documented, not enforced)' }];
}
