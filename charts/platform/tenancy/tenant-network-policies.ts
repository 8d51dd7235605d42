import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface TenantNetworkPoliciesProps {
  readonly namespace: string;
  /** Labels of the app's pods (the ones the ingress controller and Prometheus reach). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The app's serving port: the only port the ingress controller and Prometheus may reach. */
  readonly port: number;
  /** Namespace of the ingress controller. */
  readonly ingressNamespace: string;
  /** Namespace of Prometheus. */
  readonly monitoringNamespace: string;
}

/** kubernetes.io/metadata.name is set by the API server on every Namespace and cannot be forged. */
function namespaceNamed(name: string): { namespaceSelector: { matchLabels: Record<string, string> } } {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } };
}

/**
 * Default deny in both directions, then exactly what every app needs: DNS, traffic from the
 * ingress tier and scrapes from Prometheus. Anything else (a database, another app) is an
 * explicit allow the app adds next to its own workload.
 */
export class TenantNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: TenantNetworkPoliciesProps) {
    super(scope, id);
    const { namespace } = props;
    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

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
        egress: [{ to: [namespaceNamed('kube-system')], ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)] }],
      },
    });
    new k8s.KubeNetworkPolicy(this, 'allow-from-ingress', {
      metadata: { name: 'allow-from-ingress', namespace },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [namespaceNamed(props.ingressNamespace)], ports: [tcp(props.port)] }],
      },
    });
    new k8s.KubeNetworkPolicy(this, 'allow-from-monitoring', {
      metadata: { name: 'allow-from-monitoring', namespace },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [namespaceNamed(props.monitoringNamespace)], ports: [tcp(props.port)] }],
      },
    });
  }
}
