import { describe, expect, it } from 'vitest';
import { NETWORK_ALLOW_REASON_ANNOTATION } from '../../charts/lib/platform-network-policy';
import { TENANT_NAMESPACE_LABEL } from '../../charts/lib/platform-names';
import type { KubeObject } from '../../src/render/rendered-object';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { renderRepository, repositoryCatalog } from '../support/repo';
import { environmentConfig, firstEnvironment, productionEnvironment, renderVariant } from '../support/platform';

interface Port { readonly protocol: string; readonly port: number }
interface Peer { readonly ipBlock?: { readonly cidr: string }; readonly namespaceSelector?: { readonly matchLabels?: Record<string, string> } }
type PolicyObject = KubeObject & {
  spec: {
    podSelector: Record<string, unknown>;
    policyTypes: string[];
    ingress?: Array<{ from: Peer[]; ports?: Port[] }>;
    egress?: Array<{ to: Peer[]; ports?: Port[] }>;
  };
};

const environments = await renderRepository();
const catalog = await repositoryCatalog();

function policiesIn(env: RenderedEnvironment, namespace: string): Map<string, PolicyObject> {
  const policies = env.objects.map((o) => o.object).filter((o): o is PolicyObject => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace);
  return new Map(policies.map((p) => [p.metadata.name, p]));
}

/** "direction peer port/proto" lines of one allow, for compact expectations. */
function flows(policy: PolicyObject | undefined): string[] {
  if (!policy) return ['(missing)'];
  const rules = [...(policy.spec.ingress ?? []).map((r) => ({ d: 'in', peers: r.from, ports: r.ports })), ...(policy.spec.egress ?? []).map((r) => ({ d: 'out', peers: r.to, ports: r.ports }))];
  return rules.flatMap(({ d, peers, ports }) =>
    (ports ?? [{ protocol: 'any', port: 0 }]).flatMap((port) => peers.map((p) => `${d} ${peerName(p)} ${port.port}/${port.protocol}`)),
  );
}

function peerName(p: Peer): string {
  if (p.ipBlock) return p.ipBlock.cidr;
  const name = p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  if (name) return `ns:${name}`;
  return p.namespaceSelector && Object.keys(p.namespaceSelector).length === 0 ? 'ns:*' : 'ns:tenants';
}

/** Namespaces the platform renders through PlatformNamespace (everything but the tenants). */
function platformNamespaces(env: RenderedEnvironment): string[] {
  return env.objects
    .map((o) => o.object)
    .filter((o) => o.kind === 'Namespace' && !(o.metadata.labels ?? {})[TENANT_NAMESPACE_LABEL])
    .map((o) => o.metadata.name)
    .sort();
}

describe.each(environments.map((env) => [env.environment, env] as const))('platform namespace network policies in %s', (name, env) => {
  const cidrs = environmentConfig(name).platform.network.apiServerCidrs;
  const api = (port: number, d: 'in' | 'out' = 'in') => cidrs.map((c) => `${d} ${c} ${port}/TCP`);

  it('covers every platform namespace of the environment', () => {
    expect(platformNamespaces(env)).toEqual(
      ['argocd', 'cert-manager', 'confidential-containers', ...(environmentConfig(env.name).platform.externalDns?.enabled ? ['external-dns'] : []), 'external-secrets', 'ingress-nginx', 'kyverno', 'log-shipper', 'logging', 'metrics-server', 'monitoring', 'node-exporter', 'stackrox', 'stackrox-operator', 'tee-nodes', 'velero'],
    );
  });

  it.each(platformNamespaces(env))('%s has a rule-less default-deny for Ingress and Egress and DNS egress to kube-system', (namespace) => {
    const policies = policiesIn(env, namespace);
    expect(policies.get('default-deny')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(flows(policies.get('allow-dns'))).toEqual(['out ns:kube-system 53/UDP', 'out ns:kube-system 53/TCP']);
    for (const [policyName, policy] of policies) {
      if (policyName.startsWith('allow-')) expect(policy.metadata.annotations?.[NETWORK_ALLOW_REASON_ANNOTATION], policyName).toMatch(/\S/);
    }
  });

  it('lets every operator reach the API server on 443 and 6443, and only at the overlay\'s addresses', () => {
    for (const namespace of ['cert-manager', 'external-secrets', 'kyverno', 'ingress-nginx', 'monitoring', 'logging', 'log-shipper', 'velero', 'stackrox', 'stackrox-operator', 'tee-nodes']) {
      expect(flows(policiesIn(env, namespace).get('allow-api-server')), namespace).toEqual([...api(443, 'out'), ...api(6443, 'out')]);
    }
  });

  it('admits the API server to each admission webhook on its container port only', () => {
    expect(flows(policiesIn(env, 'cert-manager').get('allow-webhook'))).toEqual(api(10250));
    expect(flows(policiesIn(env, 'external-secrets').get('allow-webhook'))).toEqual(api(10250));
    expect(flows(policiesIn(env, 'kyverno').get('allow-webhook'))).toEqual(api(9443));
    expect(flows(policiesIn(env, 'ingress-nginx').get('allow-webhook'))).toEqual(api(8443));
    expect(flows(policiesIn(env, 'monitoring').get('allow-webhook'))).toEqual(api(10250));
    expect(flows(policiesIn(env, 'stackrox').get('allow-webhook'))).toEqual(api(8443));
  });

  it('admits Prometheus on each component\'s metrics ports', () => {
    const metrics = (namespace: string) => flows(policiesIn(env, namespace).get('allow-metrics'));
    expect(metrics('cert-manager')).toEqual(['in ns:monitoring 9402/TCP']);
    expect(metrics('external-secrets')).toEqual(['in ns:monitoring 8080/TCP']);
    expect(metrics('kyverno')).toEqual(['in ns:monitoring 8000/TCP']);
    expect(metrics('ingress-nginx')).toEqual(['in ns:monitoring 10254/TCP']);
    expect(metrics('velero')).toEqual(['in ns:monitoring 8085/TCP']);
    // 9150: the memcached exporters, scraped when the overlay runs Loki's caches.
    expect(metrics('logging')).toEqual(environmentConfig(name).platform.logging.loki.cachesEnabled ? ['in ns:monitoring 3100/TCP', 'in ns:monitoring 9150/TCP'] : ['in ns:monitoring 3100/TCP']);
    expect(metrics('log-shipper')).toEqual(['in ns:monitoring 12345/TCP']);
    expect(metrics('node-exporter')).toEqual(['in ns:monitoring 9100/TCP']);
    expect(metrics('tee-nodes')).toEqual(['in ns:monitoring 8080/TCP']);
  });

  it('opens each component\'s external endpoint on its port only', () => {
    const config = environmentConfig(name).platform;
    const out = (namespace: string, policy: string) => flows(policiesIn(env, namespace).get(policy));
    const anywhere = (port: number, protocol = 'TCP') => [`out 0.0.0.0/0 ${port}/${protocol}`, `out ::/0 ${port}/${protocol}`];
    expect(out('cert-manager', 'allow-acme-and-dns-api')).toEqual(anywhere(443));
    expect(out('cert-manager', 'allow-dns01-self-check')).toEqual([...anywhere(53, 'UDP'), ...anywhere(53, 'TCP')]);
    expect(out('external-secrets', 'allow-vault')).toEqual(anywhere(Number(new URL(config.externalSecrets.vault.server).port || 443)));
    expect(out('velero', 'allow-object-storage')).toEqual(anywhere(443));
    expect(out('logging', 'allow-object-storage')).toEqual(anywhere(443));
    expect(out('stackrox', 'allow-central')).toEqual(anywhere(Number(config.stackrox.centralEndpoint.split(':')[1])));
    expect(out('kyverno', 'allow-image-verification')).toEqual(anywhere(443));
  });

  it('lets clients reach the ingress controller on 80/443 and the controller reach exactly the exposed apps, each on its port', () => {
    const policies = policiesIn(env, 'ingress-nginx');
    expect(flows(policies.get('allow-clients'))).toEqual(['in 0.0.0.0/0 80/TCP', 'in ::/0 80/TCP', 'in 0.0.0.0/0 443/TCP', 'in ::/0 443/TCP']);
    // Whichever apps the repository exposes: one allow each, naming its namespace and port.
    const exposed = [...catalog.values()].map((entry) => entry.definition).filter((app) => app.expose);
    for (const app of exposed) expect(flows(policies.get(`allow-to-app-${app.name}`))).toEqual([`out ns:${app.name} ${app.port}/TCP`]);
    // Every flow from the controller into the cluster: DNS and those, nothing else.
    const inCluster = [...policies.values()].flatMap((policy) => flows(policy)).filter((flow) => flow.startsWith('out ns:')).sort();
    expect(inCluster).toEqual(['out ns:kube-system 53/TCP', 'out ns:kube-system 53/UDP', ...exposed.map((app) => `out ns:${app.name} ${app.port}/TCP`)].sort());
  });

  it('wires logs and metrics between the observability namespaces', () => {
    expect(flows(policiesIn(env, 'log-shipper').get('allow-push-to-loki'))).toEqual(['out ns:logging 8080/TCP']);
    expect(flows(policiesIn(env, 'logging').get('allow-push-from-log-shipper'))).toEqual(['in ns:log-shipper 8080/TCP']);
    expect(flows(policiesIn(env, 'logging').get('allow-queries-from-grafana'))).toEqual(['in ns:monitoring 8080/TCP']);
    expect(flows(policiesIn(env, 'monitoring').get('allow-scrape-pods'))).toEqual(['out ns:* 0/any']);
    // Every environment runs on a managed control plane: only the kubelet and node-exporter on nodes.
    expect(flows(policiesIn(env, 'monitoring').get('allow-scrape-nodes'))).toEqual([10250, 9100].flatMap((port) => [`out 0.0.0.0/0 ${port}/TCP`, `out ::/0 ${port}/TCP`]));
    for (const namespace of ['monitoring', 'logging', 'stackrox']) {
      expect(flows(policiesIn(env, namespace).get('allow-same-namespace-ingress')), namespace).toEqual([`in ns:${namespace} 0/any`]);
      expect(flows(policiesIn(env, namespace).get('allow-same-namespace-egress')), namespace).toEqual([`out ns:${namespace} 0/any`]);
    }
  });
});

describe('platform network policies that depend on the overlay', () => {
  it('opens Central to other clusters\' Sensors only where the overlay hosts Central with a LoadBalancer', () => {
    for (const env of environments) {
      const central = environmentConfig(env.environment).platform.stackrox.central;
      const sensors = policiesIn(env, 'stackrox').get('allow-sensors');
      if (central?.exposure === 'loadBalancer') expect(flows(sensors), env.environment).toEqual(['in 0.0.0.0/0 8443/TCP', 'in ::/0 8443/TCP']);
      else expect(sensors, env.environment).toBeUndefined();
      expect(policiesIn(env, 'stackrox').has('allow-central-outbound'), env.environment).toBe(central !== undefined);
    }
  });

  // Fixed inputs: hosted Central stays covered whichever environments (if any) the overlays host it in.
  const hostedCentral = (exposure: 'none' | 'loadBalancer') =>
    renderVariant(productionEnvironment(), (platform) => {
      platform.stackrox.central = {
        exposure,
        dbStorageSize: '100Gi',
        resources: { cpu: '1', memory: '4Gi' },
        siem: { type: 'splunk', endpoint: 'https://siem.example.com:8088/services/collector/event', auditLogging: true },
      };
    });

  it('lets hosted Central reach the feed on 443 and the SIEM on its URL\'s port, and Sensors in through a LoadBalancer', () => {
    const policies = policiesIn(hostedCentral('loadBalancer'), 'stackrox');
    expect(flows(policies.get('allow-sensors'))).toEqual(['in 0.0.0.0/0 8443/TCP', 'in ::/0 8443/TCP']);
    expect(flows(policies.get('allow-central-outbound'))).toEqual(['out 0.0.0.0/0 443/TCP', 'out ::/0 443/TCP', 'out 0.0.0.0/0 8088/TCP', 'out ::/0 8088/TCP']);
  });

  it('keeps Sensors of other clusters out of a Central that is not exposed, or not hosted', () => {
    const unexposed = policiesIn(hostedCentral('none'), 'stackrox');
    expect(unexposed.has('allow-sensors')).toBe(false);
    expect(unexposed.has('allow-central-outbound')).toBe(true);
    const notHosted = policiesIn(renderVariant(productionEnvironment(), (platform) => void delete platform.stackrox.central), 'stackrox');
    expect(notHosted.has('allow-sensors')).toBe(false);
    expect(notHosted.has('allow-central-outbound')).toBe(false);
  });

  it('gives Traefik its own container ports and no webhook allow', () => {
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.ingress.controller = 'traefik';
    });
    const policies = policiesIn(env, 'traefik');
    expect(policies.get('default-deny')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(flows(policies.get('allow-clients'))).toEqual(['in 0.0.0.0/0 8000/TCP', 'in ::/0 8000/TCP', 'in 0.0.0.0/0 8443/TCP', 'in ::/0 8443/TCP']);
    expect(flows(policies.get('allow-metrics'))).toEqual(['in ns:monitoring 9100/TCP']);
    expect(policies.has('allow-webhook')).toBe(false);
  });

  it('follows network.apiServerCidrs of the overlay', () => {
    const env = renderVariant(firstEnvironment(), (platform) => {
      platform.network.apiServerCidrs = ['192.168.10.0/29', 'fd00:10::/120'];
    });
    expect(flows(policiesIn(env, 'kyverno').get('allow-webhook'))).toEqual(['in 192.168.10.0/29 9443/TCP', 'in fd00:10::/120 9443/TCP']);
  });

  it('allows RFC2136 updates on a nameserver port other than 53', () => {
    const env = renderVariant(firstEnvironment(), (platform) => {
      const dns01 = platform.certManager.dns01;
      delete (dns01 as { cloudflare?: unknown }).cloudflare;
      delete (dns01 as { route53?: unknown }).route53;
      (dns01 as Record<string, unknown>).rfc2136 = { nameserver: '10.1.2.3:5353', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA256', tsigSecret: { remoteKey: 'platform/dns/tsig', property: 'secret' } };
    });
    expect(flows(policiesIn(env, 'cert-manager').get('allow-rfc2136'))).toEqual(['out 0.0.0.0/0 5353/UDP', 'out ::/0 5353/UDP', 'out 0.0.0.0/0 5353/TCP', 'out ::/0 5353/TCP']);
  });
});
