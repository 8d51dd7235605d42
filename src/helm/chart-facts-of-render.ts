import type { ChartFacts, CrdFact, KindFact, PodFact, ScrapeFact, WebhookFact } from '../../charts/lib/chart-facts';
import { groupOf } from '../../charts/lib/cluster-scoped';
import { isBuiltInGroup } from '../check/k8s/api-groups';
import { mapSelector, readLabelSelector, selectorMatches, stringMap, type LabelSelector } from '../check/k8s/label-selector';
import { readWorkload, type Workload } from '../check/k8s/workloads';
import { evaluatePodSecurity, podTemplateOf } from '../check/pod-security';
import { isRecord, recordAt, stringAt, type UnknownRecord } from '../check/pod-security/narrow';
import type { KubeObject } from '../render/rendered-object';

/** The facts a set of objects shows: what a chart declares, read from what it renders. */
export type ObservedFacts = Pick<ChartFacts, 'crds' | 'customResources' | 'webhooks' | 'scrapes' | 'pods' | 'images'>;

/** Objects Argo CD never applies: Helm test hooks (it ignores the `test` hook types). */
function isHelmTestHook(object: KubeObject): boolean {
  const hooks = object.metadata.annotations?.['helm.sh/hook'] ?? '';
  return hooks.split(',').some((hook) => hook.trim().startsWith('test'));
}

/**
 * Reads chart facts from rendered objects (a chart render, or dist/ itself): CRDs with their size
 * as compact JSON, custom resource kinds, admission webhooks resolved to the pod port behind their
 * Service, pod ports ServiceMonitors and PodMonitors scrape, pods above `restricted`, images.
 * `namespace` is where objects without one land (the release namespace).
 */
export function factsOfObjects(all: readonly KubeObject[], namespace: string | undefined): ObservedFacts {
  const index = indexObjects(all, namespace);
  const { objects, workloads, services, namespaceOf } = index;

  const crds: CrdFact[] = [];
  const customResources = new Map<string, KindFact>();
  const webhooks = new Map<string, WebhookFact>();
  const scrapes = new Map<string, ScrapeFact>();
  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    if (object.kind === 'CustomResourceDefinition' && group === 'apiextensions.k8s.io') {
      const spec = recordAt(object, 'spec') ?? {};
      crds.push({ group: String(spec['group']), kind: String(recordAt(spec, 'names')?.['kind']), bytes: compactJsonBytes(object), measuredFrom: 'render' });
    } else if (!isBuiltInGroup(group)) {
      customResources.set(`${group}/${object.kind}`, { group, kind: object.kind });
    }
    if ((object.kind === 'ValidatingWebhookConfiguration' || object.kind === 'MutatingWebhookConfiguration') && group === 'admissionregistration.k8s.io') {
      for (const webhook of listAt(object, 'webhooks')) {
        const service = recordAt(recordAt(webhook, 'clientConfig') ?? {}, 'service');
        if (service === undefined) continue; // a URL webhook: outside the cluster's pod network
        const name = stringAt(service, 'name') ?? '';
        const serviceNamespace = stringAt(service, 'namespace') ?? namespaceOf(object);
        const servicePort = typeof service['port'] === 'number' ? service['port'] : 443;
        const target = services.find((s) => s.metadata.name === name && namespaceOf(s) === serviceNamespace);
        const port = target === undefined ? undefined : podPortOf(target, servicePort, workloads, namespaceOf(target));
        if (port !== undefined) webhooks.set(`${serviceNamespace}/${name}/${port}`, { service: name, namespace: serviceNamespace, port });
      }
    }
    // An aggregated API (metrics.k8s.io): the API server calls its Service like a webhook's.
    if (object.kind === 'APIService' && group === 'apiregistration.k8s.io') {
      const service = recordAt(recordAt(object, 'spec') ?? {}, 'service');
      if (service !== undefined) {
        const name = stringAt(service, 'name') ?? '';
        const serviceNamespace = stringAt(service, 'namespace') ?? namespaceOf(object);
        const servicePort = typeof service['port'] === 'number' ? service['port'] : 443;
        const target = services.find((s) => s.metadata.name === name && namespaceOf(s) === serviceNamespace);
        const port = target === undefined ? undefined : podPortOf(target, servicePort, workloads, namespaceOf(target));
        if (port !== undefined) webhooks.set(`${serviceNamespace}/${name}/${port}`, { service: name, namespace: serviceNamespace, port });
      }
    }
    if (group === 'monitoring.coreos.com' && (object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor')) {
      for (const scrape of scrapesOfMonitor(object, index)) scrapes.set(`${scrape.namespace}/${scrape.port}`, scrape);
    }
  }
  return {
    crds,
    customResources: [...customResources.values()],
    webhooks: [...webhooks.values()],
    scrapes: [...scrapes.values()],
    pods: workloads.flatMap((workload) => podFactOf(workload) ?? []),
    images: [...new Set(workloads.flatMap((w) => w.containers.map((c) => c.spec['image']).filter((image): image is string => typeof image === 'string')))],
  };
}

/** Objects Argo CD applies, with their Services and workloads read once. */
export interface ObjectIndex {
  readonly objects: readonly KubeObject[];
  readonly services: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  /** Where an object lands: its namespace, else the release namespace. */
  readonly namespaceOf: (object: KubeObject) => string;
}

export function indexObjects(all: readonly KubeObject[], namespace: string | undefined): ObjectIndex {
  const objects = all.filter((object) => !isHelmTestHook(object));
  const namespaceOf = (object: KubeObject): string => object.metadata.namespace ?? namespace ?? 'default';
  const workloads = objects.flatMap((object) => {
    const workload = readWorkload({ file: '', folder: '', object }, namespaceOf(object));
    return workload ? [workload] : [];
  });
  return { objects, workloads, services: objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1'), namespaceOf };
}

/** What client-side apply stores in kubectl.kubernetes.io/last-applied-configuration: the object as compact JSON. */
export function compactJsonBytes(object: unknown): number {
  return Buffer.byteLength(JSON.stringify(object), 'utf8');
}

function listAt(record: UnknownRecord, key: string): UnknownRecord[] {
  const value = record[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The container port a Service port forwards to, resolving a named targetPort through the selected pods. */
function podPortOf(service: KubeObject, servicePort: number | string, workloads: readonly Workload[], namespace: string): number | undefined {
  const spec = recordAt(service, 'spec') ?? {};
  const entry = listAt(spec, 'ports').find((p) => p['port'] === servicePort || p['name'] === servicePort);
  if (entry === undefined) return undefined;
  const target = entry['targetPort'] ?? entry['port'];
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return undefined;
  const selector = mapSelector(spec['selector']);
  return namedContainerPort(workloads.filter((w) => w.namespace === namespace && selectorMatches(selector, w.podLabels)), target);
}

function namedContainerPort(workloads: readonly Workload[], name: string): number | undefined {
  for (const workload of workloads) {
    for (const container of workload.containers) {
      const port = listAt(container.spec, 'ports').find((p) => p['name'] === name);
      if (typeof port?.['containerPort'] === 'number') return port['containerPort'];
    }
  }
  return undefined;
}

/**
 * Pod ports a ServiceMonitor or PodMonitor scrapes among the given objects. Targets outside them
 * (the kubelet, the API server, Services of other charts) are not pods behind this chart's
 * NetworkPolicies, so they are not facts of the chart.
 */
export function scrapesOfMonitor(monitor: KubeObject, { services, workloads, namespaceOf }: ObjectIndex): ScrapeFact[] {
  const own = namespaceOf(monitor);
  const spec = recordAt(monitor, 'spec') ?? {};
  const namespaceSelector = recordAt(spec, 'namespaceSelector');
  const names = namespaceSelector?.['matchNames'];
  const inScope = (ns: string): boolean => namespaceSelector?.['any'] === true || (Array.isArray(names) && names.length > 0 ? names.includes(ns) : ns === own);
  const selector: LabelSelector = readLabelSelector(spec['selector']) ?? mapSelector({});
  const found: ScrapeFact[] = [];
  if (monitor.kind === 'ServiceMonitor') {
    for (const service of services.filter((s) => inScope(namespaceOf(s)) && selectorMatches(selector, stringMap(s.metadata.labels)))) {
      const ports = listAt(recordAt(service, 'spec') ?? {}, 'ports');
      for (const endpoint of listAt(spec, 'endpoints')) {
        const byName = typeof endpoint['port'] === 'string' ? ports.find((p) => p['name'] === endpoint['port']) : undefined;
        const target = byName !== undefined ? (byName['targetPort'] ?? byName['port']) : endpoint['targetPort'];
        const serviceSelector = mapSelector(recordAt(service, 'spec')?.['selector']);
        const pods = workloads.filter((w) => w.namespace === namespaceOf(service) && selectorMatches(serviceSelector, w.podLabels));
        const port = typeof target === 'number' ? target : typeof target === 'string' ? namedContainerPort(pods, target) : undefined;
        if (port !== undefined) found.push({ namespace: namespaceOf(service), port });
      }
    }
  } else {
    for (const workload of workloads.filter((w) => inScope(w.namespace) && selectorMatches(selector, w.podLabels))) {
      for (const endpoint of listAt(spec, 'podMetricsEndpoints')) {
        const target = endpoint['portNumber'] ?? endpoint['port'] ?? endpoint['targetPort'];
        const port = typeof target === 'number' ? target : typeof target === 'string' ? namedContainerPort([workload], target) : undefined;
        if (port !== undefined) found.push({ namespace: workload.namespace, port });
      }
    }
  }
  return found;
}

/** The pod's fact when it needs more than `restricted`: the lowest level admitting it, and why. */
function podFactOf(workload: Workload): PodFact | undefined {
  const pod = podTemplateOf(workload.source.object);
  if (pod === undefined) return undefined;
  const restricted = evaluatePodSecurity(pod, 'restricted');
  if (restricted.length === 0) return undefined;
  const baseline = evaluatePodSecurity(pod, 'baseline');
  const reasons = [...new Set((baseline.length > 0 ? baseline : restricted).map((v) => v.check))].sort();
  return { workload: `${workload.kind}/${workload.name}`, namespace: workload.namespace, level: baseline.length > 0 ? 'privileged' : 'baseline', reason: reasons.join(', ') };
}
