import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { AppDefinition } from '../app-definition';
import type { KubeObjects } from '../kube-objects';
import { selectorLabels } from '../labels';
import { urlPort } from '../platform-network-allows';
import { ingressNamespace, MONITORING_NAMESPACE } from '../platform-names';
import type { AppContext } from './app-context';
import { AppCallGraph } from './app-call-graph';

/** The label every namespace carries with its own name (set by the API server, not by us). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface AppNetworkPolicyProps {
  readonly context: AppContext;
  /** Every app of the environment: callers are checked against it, callees derived from it. */
  readonly apps: readonly AppDefinition[];
}

/**
 * The app's allows on top of the platform's default-deny in its namespace (the tenancy baseline
 * also admits DNS). Ingress: its declared callers, the ingress controller when exposed,
 * Prometheus on the metrics port. Egress: the apps that list it as a caller, and the
 * environment's external destinations from the overlay. Each allow names a port.
 */
export function addAppNetworkPolicy(objects: KubeObjects, props: AppNetworkPolicyProps): void {
  const { context, apps } = props;
  const { app, environment, settings, labels, selector } = context;
  const graph = AppCallGraph.of(apps);
  for (const caller of app.callers ?? []) {
    if (!graph.has(caller)) {
      throw new Error(`app '${app.name}': callers lists '${caller}', expected one of the apps in charts/apps/: ${graph.sortedNames().join(', ')}`);
    }
  }

  const tcp = (port: number): NetworkPolicyPort => ({ protocol: 'TCP', port });
  const ingress: NetworkPolicyIngressRule[] = [];
  const callers = [...(app.callers ?? [])].sort();
  if (callers.length > 0) ingress.push({ from: callers.map((caller) => appPeer(caller)), ports: [tcp(app.port)] });
  if (app.expose) ingress.push({ from: [namespacePeer(ingressNamespace(environment.platform.ingress.controller))], ports: [tcp(app.port)] });
  if (app.metricsPort !== undefined) ingress.push({ from: [namespacePeer(MONITORING_NAMESPACE)], ports: [tcp(app.metricsPort)] });

  const egress: NetworkPolicyEgressRule[] = [];
  for (const callee of graph.calleesOf(app.name)) egress.push({ to: [appPeer(callee.name)], ports: [tcp(callee.port)] });
  for (const destination of settings.egress ?? []) egress.push({ to: [{ ipBlock: { cidr: destination.cidr } }], ports: [tcp(destination.port)] });
  if (app.confidential) egress.push(...guestEgress(context, tcp));

  if (ingress.length === 0 && egress.length === 0) return;
  objects.add<NetworkPolicy>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: app.name, labels: { ...labels } },
    spec: {
      podSelector: { matchLabels: { ...selector } },
      policyTypes: [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])],
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(egress.length > 0 ? { egress } : {}),
    },
  });
}

/**
 * A confidential pod's guest (the Kata VM) sends its own traffic from the pod's address, so the
 * namespace's default-deny applies to it: the guest pulls the app's image itself (never the
 * host), and attests to the Key Broker Service before any sealed secret is released. Both are
 * known by host name only, so any address on their ports, as for Vault
 * (docs/decisions/confidential-workloads.md).
 */
function guestEgress(context: AppContext, tcp: (port: number) => NetworkPolicyPort): NetworkPolicyEgressRule[] {
  const anywhere = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];
  const registryPort = registryPortOf(context.image.repository);
  const attestation = context.environment.platform.tee?.attestation;
  const ports = [...new Set([registryPort, ...(attestation ? [urlPort(attestation.kbsUrl)] : [])])].sort((a, b) => a - b);
  return [{ to: anywhere, ports: ports.map(tcp) }];
}

/** The registry's port in an image repository (registry.example.com:5000/team/app), else HTTPS. */
function registryPortOf(repository: string): number {
  const port = /^[^/]+:(\d+)\//.exec(repository)?.[1];
  return port === undefined ? 443 : Number(port);
}

/** Pods of another app: its namespace is its name. */
function appPeer(name: string): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } }, podSelector: { matchLabels: selectorLabels(name) } };
}

function namespacePeer(namespace: string): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
}
