import { BlockList, isIP } from 'node:net';
import { isRecord, recordAt, type UnknownRecord } from '../pod-security/narrow';
import { readLabelSelector, selectorMatches } from './label-selector';

/** Where a connection comes from, as NetworkPolicy peers see it. */
export type Source =
  /** Pods of a namespace with these labels (kubernetes.io/metadata.name is always among them). */
  | { readonly kind: 'namespace'; readonly name: string; readonly labels: Readonly<Record<string, string>> }
  /** Addresses outside the pod network, e.g. the API server's endpoints. */
  | { readonly kind: 'cidrs'; readonly cidrs: readonly string[] };

/**
 * Whether the NetworkPolicies of a namespace admit TCP connections from `source` to `port` of its
 * pods. The namespace is assumed isolated for ingress (every namespace has a default-deny; rule
 * network-policy-default-deny checks that), so some Ingress rule must allow the flow: a peer
 * matching the source (a namespaceSelector without a narrowing podSelector, same-namespace
 * podSelector peers for the namespace itself, or ipBlocks containing every source address, minus
 * their exceptions) or no `from` at all, and a port list containing the port (or none). Policies
 * selecting only some pods still count: which pod listens is not known from a port alone.
 */
export function admits(policies: readonly UnknownRecord[], namespace: string, source: Source, port: number): boolean {
  return policies.some((spec) => {
    const types = spec['policyTypes'];
    if (Array.isArray(types) && !types.includes('Ingress')) return false;
    const rules = Array.isArray(spec['ingress']) ? spec['ingress'].filter(isRecord) : [];
    return rules.some((rule) => portAllowed(rule['ports'], port) && peerAllowed(rule['from'], namespace, source));
  });
}

function portAllowed(ports: unknown, port: number): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.filter(isRecord).some((entry) => {
    if ((entry['protocol'] ?? 'TCP') !== 'TCP') return false;
    const value = entry['port'];
    if (value === undefined) return true;
    if (typeof value !== 'number') return false; // a named port depends on the pod: not provable here
    const end = typeof entry['endPort'] === 'number' ? entry['endPort'] : value;
    return port >= value && port <= end;
  });
}

function peerAllowed(from: unknown, namespace: string, source: Source): boolean {
  if (!Array.isArray(from) || from.length === 0) return true;
  return from.filter(isRecord).some((peer) => {
    const ipBlock = recordAt(peer, 'ipBlock');
    if (ipBlock !== undefined) return source.kind === 'cidrs' && source.cidrs.length > 0 && source.cidrs.every((cidr) => blockContains(ipBlock, cidr));
    if (source.kind !== 'namespace') return false;
    const podSelector = readLabelSelector(peer['podSelector']);
    const narrowed = podSelector !== undefined && (Object.keys(podSelector.matchLabels).length > 0 || podSelector.matchExpressions.length > 0);
    if (narrowed) return false;
    const namespaceSelector = readLabelSelector(peer['namespaceSelector']);
    if (namespaceSelector === undefined) return source.name === namespace; // podSelector alone: this namespace
    return selectorMatches(namespaceSelector, source.labels);
  });
}

/** Whether an ipBlock covers the whole CIDR (and none of its exceptions overlaps it). */
function blockContains(ipBlock: UnknownRecord, cidr: string): boolean {
  const outer = parseCidr(String(ipBlock['cidr'] ?? ''));
  const inner = parseCidr(cidr);
  if (outer === undefined || inner === undefined || outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const list = new BlockList();
  list.addSubnet(outer.address, outer.prefix, outer.family);
  if (!list.check(inner.address, inner.family)) return false;
  const except = Array.isArray(ipBlock['except']) ? ipBlock['except'].map(String) : [];
  return except.every((excluded) => {
    const hole = parseCidr(excluded);
    if (hole === undefined || hole.family !== inner.family) return true;
    const holes = new BlockList();
    holes.addSubnet(hole.address, hole.prefix, hole.family);
    const within = new BlockList();
    within.addSubnet(inner.address, inner.prefix, inner.family);
    // Disjoint unless one contains the other's network address.
    return !holes.check(inner.address, inner.family) && !within.check(hole.address, hole.family);
  });
}

function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', bits] = cidr.split('/');
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const prefix = bits === undefined ? (version === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family };
}
