import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { KubeObjects } from '../../lib/kube-objects';

/** kubernetes.io/metadata.name is set by the API server on every Namespace and cannot be forged. */
function namespaceNamed(name: string): { namespaceSelector: { matchLabels: Record<string, string> } } {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } };
}

/**
 * Default deny in both directions, then the one flow every app needs: DNS. Everything else (the
 * ingress tier for an exposed app, Prometheus on a metrics port, callers, callees, external
 * addresses) is the app's own NetworkPolicy, derived from what its definition declares, so no
 * namespace admits a flow nobody declared.
 */
export function addTenantNetworkPolicies(objects: KubeObjects, namespace: string): void {
  const port = (protocol: string) => ({ protocol, port: 53 });
  objects.add<NetworkPolicy>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  objects.add<NetworkPolicy>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-dns', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      // Whole kube-system namespace: DNS pods are labelled differently across distributions.
      // UDP and TCP: large answers (and DNSSEC) fall back to TCP.
      egress: [{ to: [namespaceNamed('kube-system')], ports: [port('UDP'), port('TCP')] }],
    },
  });
}
