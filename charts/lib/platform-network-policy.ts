import { Construct } from 'constructs';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { KubeObjects } from './kube-objects';
import { SYNC_WAVE_ANNOTATION } from './labels';

/** One port an allow opens. */
export interface NetworkPort {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Who is on the other side of an allow. Build them with the `peer` helpers below. */
export type NetworkPeer =
  | { readonly kind: 'namespace'; readonly name: string }
  | { readonly kind: 'all-namespaces' }
  | { readonly kind: 'cidrs'; readonly cidrs: readonly string[] };

export const peer = {
  /** Every pod of one namespace (kubernetes.io/metadata.name is set by the API server, not forgeable). */
  namespace: (name: string): NetworkPeer => ({ kind: 'namespace', name }),
  /** Every pod in the cluster (only for scrapers and the like; each target still has its own default-deny ingress). */
  allNamespaces: (): NetworkPeer => ({ kind: 'all-namespaces' }),
  /** Addresses outside the pod network (API server endpoints, external services). */
  cidrs: (cidrs: readonly string[]): NetworkPeer => ({ kind: 'cidrs', cidrs }),
  /**
   * Any address. For external endpoints known only by host name (NetworkPolicy cannot match
   * names): always with a port. In-cluster pods stay protected by their own default-deny ingress.
   */
  anywhere: (): NetworkPeer => ({ kind: 'cidrs', cidrs: ['0.0.0.0/0', '::/0'] }),
};

/** A flow a platform component declares on top of its namespace's default-deny. */
export interface NetworkAllow {
  /** Rendered as NetworkPolicy `allow-<name>`; a DNS label, unique in the namespace. */
  readonly name: string;
  readonly direction: 'Ingress' | 'Egress';
  readonly peers: readonly NetworkPeer[];
  /**
   * Ports opened. Omitted means every port, which is allowed only towards namespace peers
   * (pods of a component talking among themselves), never towards addresses.
   */
  readonly ports?: readonly NetworkPort[];
  /** Pods of the namespace the allow applies to. @default - every pod in the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Why the flow exists; rendered as an annotation so reviewers see it in dist/. */
  readonly why: string;
}

export interface PlatformNetworkPolicyProps {
  readonly namespace: string;
  /** The component's flows. DNS egress to kube-system is always added. @default [] */
  readonly allows?: readonly NetworkAllow[];
}

/** Annotation carrying NetworkAllow.why. */
export const NETWORK_ALLOW_REASON_ANNOTATION = 'platform.example.com/network-allow-reason';

/** Name of the deny-all policy in every platform namespace (the check looks for its shape, not its name). */
export const DEFAULT_DENY_POLICY = 'default-deny';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Default-deny in both directions for a platform namespace, DNS egress to kube-system, and one
 * NetworkPolicy per declared allow. Used by PlatformNamespace, so every platform namespace has it.
 */
export class PlatformNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: PlatformNetworkPolicyProps) {
    super(scope, id);
    const { namespace } = props;
    const allows = [dnsEgress(), ...(props.allows ?? [])];
    const seen = new Set<string>();
    for (const allow of allows) {
      const where = `namespace '${namespace}': allow '${allow.name}'`;
      if (!DNS_LABEL.test(allow.name)) throw new Error(`${where}: name is not a DNS label, expected lowercase letters, digits and -`);
      if (seen.has(allow.name)) throw new Error(`${where}: declared twice, expected unique allow names per namespace`);
      seen.add(allow.name);
      if (allow.peers.length === 0) throw new Error(`${where}: peers is empty, expected at least one peer`);
      if (!allow.why.trim()) throw new Error(`${where}: why is empty, expected the reason for the flow`);
      if (allow.ports === undefined && allow.peers.some((p) => p.kind === 'cidrs')) {
        throw new Error(`${where}: no ports towards address peers, expected explicit ports (all ports are only allowed between namespaces)`);
      }
      for (const { port } of allow.ports ?? []) {
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${where}: port ${port}, expected an integer in 1-65535`);
      }
      if (allow.ports !== undefined && allow.ports.length === 0) throw new Error(`${where}: ports is empty, expected ports or no ports field`);
    }

    const annotations = { [SYNC_WAVE_ANNOTATION]: '-1' };
    // Held as data: the ingress namespace has one allow per exposed app (kube-objects.ts).
    const objects = KubeObjects.of(this);
    // Same wave as the Namespace: in place before the chart's pods (wave 0) start.
    objects.add<NetworkPolicy>({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: DEFAULT_DENY_POLICY, namespace, annotations },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    for (const allow of allows) {
      const rule = { ...(allow.ports ? { ports: allow.ports.map(toPort) } : {}) };
      const from = allow.peers.flatMap(toPeers);
      objects.add<NetworkPolicy>({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `allow-${allow.name}`, namespace, annotations: { ...annotations, [NETWORK_ALLOW_REASON_ANNOTATION]: allow.why } },
        spec: {
          podSelector: allow.podLabels ? { matchLabels: { ...allow.podLabels } } : {},
          policyTypes: [allow.direction],
          ...(allow.direction === 'Ingress' ? { ingress: [{ from, ...rule }] } : { egress: [{ to: from, ...rule }] }),
        },
      });
    }
  }
}

/** DNS for every pod: the whole kube-system namespace (DNS pods are labelled differently across distributions), UDP and TCP (large answers fall back to TCP). */
function dnsEgress(): NetworkAllow {
  return {
    name: 'dns',
    direction: 'Egress',
    peers: [peer.namespace('kube-system')],
    ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    why: 'cluster DNS in kube-system',
  };
}

function toPort(port: NetworkPort): NetworkPolicyPort {
  return { protocol: port.protocol ?? 'TCP', port: port.port };
}

function toPeers(p: NetworkPeer): NetworkPolicyPeer[] {
  switch (p.kind) {
    case 'namespace':
      return [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.name } } }];
    case 'all-namespaces':
      return [{ namespaceSelector: {} }];
    case 'cidrs':
      return p.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
  }
}
