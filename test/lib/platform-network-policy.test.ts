import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { FolderChart } from '../../charts/lib/folder-chart';
import { PlatformNamespace } from '../../charts/lib/platform-namespace';
import { NETWORK_ALLOW_REASON_ANNOTATION, peer, type NetworkAllow } from '../../charts/lib/platform-network-policy';
import { networkSchema } from '../../src/config/platform/network';
import { collectObjects } from '../../src/render/collect-objects';

interface PolicyObject {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** The NetworkPolicies as the renderer writes them, in file order. */
function render(allows?: readonly NetworkAllow[]): PolicyObject[] {
  const app = Testing.app();
  const chart = new FolderChart(app, 'test', { folder: 'test' });
  new PlatformNamespace(chart, 'namespace', { name: 'component', ...(allows ? { allows } : {}) });
  return collectObjects(app)
    .map((rendered) => rendered.object as unknown as PolicyObject)
    .filter((o) => o.kind === 'NetworkPolicy');
}

const webhook: NetworkAllow = { name: 'webhook', direction: 'Ingress', peers: [peer.cidrs(['10.0.0.0/28'])], ports: [{ port: 9443 }], why: 'admission webhook' };

describe('PlatformNamespace network policies', () => {
  it('gives a namespace without allows a default-deny in both directions and DNS egress to kube-system, nothing else', () => {
    const policies = render();
    expect(policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['component/allow-dns', 'component/default-deny']);
    expect(policies[1]!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies[0]!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        },
      ],
    });
  });

  it('renders each declared allow as its own policy with its reason, in the namespace\'s sync wave', () => {
    const policies = render([webhook, { name: 'peers', direction: 'Egress', peers: [peer.namespace('other')], why: 'own pods' }]);
    const allow = policies.find((p) => p.metadata.name === 'allow-webhook')!;
    expect(allow.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1', [NETWORK_ALLOW_REASON_ANNOTATION]: 'admission webhook' });
    expect(allow.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/28' } }], ports: [{ protocol: 'TCP', port: 9443 }] }] });
    expect(policies.find((p) => p.metadata.name === 'allow-peers')!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }],
    });
  });

  it('fails when an allow opens every port towards addresses', () => {
    expect(() => render([{ name: 'open', direction: 'Egress', peers: [peer.anywhere()], why: 'x' }])).toThrow(
      "namespace 'component': allow 'open': no ports towards address peers, expected explicit ports (all ports are only allowed between namespaces)",
    );
  });

  it('fails when two allows share a name, when a port is out of range or when the reason is empty', () => {
    expect(() => render([webhook, webhook])).toThrow("allow 'webhook': declared twice");
    expect(() => render([{ ...webhook, ports: [{ port: 70000 }] }])).toThrow("allow 'webhook': port 70000, expected an integer in 1-65535");
    expect(() => render([{ ...webhook, why: ' ' }])).toThrow("allow 'webhook': why is empty");
    expect(() => render([{ ...webhook, name: 'dns' }])).toThrow("allow 'dns': declared twice");
  });
});

describe('network.apiServerCidrs', () => {
  const problems = (cidrs: unknown[]) => networkSchema.safeParse({ apiServerCidrs: cidrs }).error?.issues.map((i) => i.message) ?? [];

  it('accepts IPv4 and IPv6 CIDRs', () => {
    expect(problems(['10.0.0.0/28', '172.16.4.16/32', 'fd00::/64'])).toEqual([]);
  });

  it('fails when a CIDR is not a CIDR, has host bits set, is /0, or the list is empty', () => {
    expect(problems(['api.example.com'])).toEqual(['a CIDR such as 10.0.0.0/24 or fd00::/64']);
    expect(problems(['10.0.0.5/24'])).toEqual(['a CIDR without host bits, e.g. 10.0.0.0/24 rather than 10.0.0.5/24']);
    expect(problems(['0.0.0.0/0'])).toEqual(['a CIDR narrower than /0 (the whole address space is no restriction at all)']);
    expect(problems([])).toHaveLength(1);
  });
});
