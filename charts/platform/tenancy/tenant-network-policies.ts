import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface TenantNetworkPoliciesProps {
  readonly namespace: string;
}

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
export class TenantNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: TenantNetworkPoliciesProps) {
    super(scope, id);
    const { namespace } = props;
    const port = (protocol: string) => ({ protocol, port: k8s.IntOrString.fromNumber(53) });

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'allow-dns', {
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
}
