import { describeSelector, isEmptySelector, mapSelector, readLabelSelector, selectorMatches } from '../k8s/label-selector';
import { isRecord, recordAt, stringAt, type UnknownRecord } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

// A reference into a namespace that an Application installs a Helm chart into cannot be judged
// from dist/: the chart's objects are rendered by Argo CD, not here. Such references are skipped.

function namespaceOf(context: RuleContext, object: CheckedObject): string {
  return context.namespaceOf(object) ?? 'default';
}

function selectsSomePod(context: RuleContext, namespace: string, labels: (podLabels: Readonly<Record<string, string>>) => boolean): boolean {
  return context.workloadsIn(namespace).some((w) => labels(w.podLabels));
}

export const danglingService: Rule = {
  id: 'dangling-service',
  reason: 'A Service whose selector matches no pod has no endpoints: every request to it fails.',
  fix: 'Make spec.selector match the pod template labels of the workload it fronts.',
  severity: 'production',
  *check(context) {
    for (const service of context.ofKind('', 'Service')) {
      const selector = mapSelector(recordAt(service.object, 'spec')?.['selector']);
      const namespace = namespaceOf(context, service);
      // No selector: endpoints are managed by hand (or ExternalName); nothing to match.
      if (isEmptySelector(selector) || context.helmNamespaces.has(namespace)) continue;
      if (!selectsSomePod(context, namespace, (labels) => selectorMatches(selector, labels))) {
        yield { object: service, message: `spec.selector ${describeSelector(selector)} matches no pod in namespace ${namespace}` };
      }
    }
  },
};

export const danglingIngress: Rule = {
  id: 'dangling-ingress',
  reason: 'An Ingress backend naming a missing Service or port answers 503.',
  fix: 'Point every backend at an existing Service in the same namespace and at a port that Service declares.',
  severity: 'production',
  *check(context) {
    for (const ingress of context.ofKind('networking.k8s.io', 'Ingress')) {
      const namespace = namespaceOf(context, ingress);
      if (context.helmNamespaces.has(namespace)) continue;
      for (const { path, backend } of ingressBackends(recordAt(ingress.object, 'spec') ?? {})) {
        const name = stringAt(backend, 'name');
        if (name === undefined) continue; // a resource backend, not a Service
        const service = context.ofKindIn('', 'Service', namespace).find((s) => s.object.metadata.name === name);
        if (service === undefined) {
          yield { object: ingress, message: `${path} names Service ${name}, which does not exist in namespace ${namespace}` };
          continue;
        }
        const port = recordAt(backend, 'port') ?? {};
        const ports = Array.isArray(recordAt(service.object, 'spec')?.['ports']) ? (recordAt(service.object, 'spec')!['ports'] as unknown[]).filter(isRecord) : [];
        const wanted = port['number'] ?? port['name'];
        if (wanted !== undefined && !ports.some((p) => p['port'] === wanted || p['name'] === wanted)) {
          yield { object: ingress, message: `${path} uses port ${JSON.stringify(wanted)}, which Service ${name} does not declare` };
        }
      }
    }
  },
};

function ingressBackends(spec: UnknownRecord): { path: string; backend: UnknownRecord }[] {
  const backends: { path: string; backend: UnknownRecord }[] = [];
  const defaultService = recordAt(recordAt(spec, 'defaultBackend') ?? {}, 'service');
  if (defaultService) backends.push({ path: 'spec.defaultBackend', backend: defaultService });
  const rules = Array.isArray(spec['rules']) ? spec['rules'] : [];
  rules.forEach((rule: unknown, r) => {
    const paths = isRecord(rule) ? recordAt(rule, 'http')?.['paths'] : undefined;
    if (!Array.isArray(paths)) return;
    paths.forEach((item: unknown, p) => {
      const service = isRecord(item) ? recordAt(recordAt(item, 'backend') ?? {}, 'service') : undefined;
      if (service) backends.push({ path: `spec.rules[${r}].http.paths[${p}].backend`, backend: service });
    });
  });
  return backends;
}

export const danglingHpa: Rule = {
  id: 'dangling-hpa',
  reason: 'An HorizontalPodAutoscaler whose target does not exist scales nothing.',
  fix: 'Set spec.scaleTargetRef to the kind and name of a workload in the same namespace.',
  severity: 'production',
  *check(context) {
    for (const hpa of context.ofKind('autoscaling', 'HorizontalPodAutoscaler')) {
      const namespace = namespaceOf(context, hpa);
      const target = recordAt(recordAt(hpa.object, 'spec') ?? {}, 'scaleTargetRef') ?? {};
      const kind = stringAt(target, 'kind');
      const name = stringAt(target, 'name');
      if (context.helmNamespaces.has(namespace)) continue;
      const exists = context.objects.some((o) => o.object.kind === kind && o.object.metadata.name === name && context.namespaceOf(o) === namespace);
      if (!exists) yield { object: hpa, message: `spec.scaleTargetRef ${String(kind)} ${String(name)} does not exist in namespace ${namespace}` };
    }
  },
};

export const danglingPdb: Rule = {
  id: 'dangling-pdb',
  reason: 'A PodDisruptionBudget that selects no pod protects nothing.',
  fix: 'Make spec.selector match the pod template labels of the workload it protects.',
  severity: 'production',
  *check(context) {
    for (const pdb of context.ofKind('policy', 'PodDisruptionBudget')) {
      const namespace = namespaceOf(context, pdb);
      if (context.helmNamespaces.has(namespace)) continue;
      const selector = readLabelSelector(recordAt(pdb.object, 'spec')?.['selector']);
      if (selector === undefined) {
        yield { object: pdb, message: 'has no spec.selector, so it selects no pod' };
      } else if (!selectsSomePod(context, namespace, (labels) => selectorMatches(selector, labels))) {
        yield { object: pdb, message: `spec.selector ${describeSelector(selector)} matches no pod in namespace ${namespace}` };
      }
    }
  },
};

export const danglingNetworkPolicy: Rule = {
  id: 'dangling-networkpolicy',
  reason: 'A NetworkPolicy whose podSelector matches no pod usually means a typo: the pods it was meant for stay open.',
  fix: 'Make spec.podSelector match the pod template labels of the workload it is for.',
  severity: 'production',
  *check(context) {
    for (const policy of context.ofKind('networking.k8s.io', 'NetworkPolicy')) {
      const namespace = namespaceOf(context, policy);
      const selector = readLabelSelector(recordAt(policy.object, 'spec')?.['podSelector']);
      // An empty podSelector (default-deny, namespace-wide allows) is meant for every pod.
      if (selector === undefined || isEmptySelector(selector) || context.helmNamespaces.has(namespace)) continue;
      if (!selectsSomePod(context, namespace, (labels) => selectorMatches(selector, labels))) {
        yield { object: policy, message: `spec.podSelector ${describeSelector(selector)} matches no pod in namespace ${namespace}` };
      }
    }
  },
};

export const danglingServiceMonitor: Rule = {
  id: 'dangling-servicemonitor',
  reason: 'A ServiceMonitor that selects no Service (or no named port) scrapes nothing, and its alerts never fire.',
  fix: 'Make spec.selector match the Service labels (and spec.namespaceSelector its namespace), and endpoints[].port a Service port name.',
  severity: 'production',
  *check(context) {
    for (const monitor of context.ofKind('monitoring.coreos.com', 'ServiceMonitor')) {
      const spec = recordAt(monitor.object, 'spec') ?? {};
      const namespaces = monitoredNamespaces(spec, namespaceOf(context, monitor));
      if (namespaces === 'any' || namespaces.some((ns) => context.helmNamespaces.has(ns))) continue;
      const selector = readLabelSelector(spec['selector']) ?? mapSelector({});
      const services = context.ofKind('', 'Service').filter((s) => namespaces.includes(namespaceOf(context, s)) && selectorMatches(selector, s.object.metadata.labels ?? {}));
      if (services.length === 0) {
        yield { object: monitor, message: `spec.selector ${describeSelector(selector)} matches no Service in namespace ${namespaces.join(', ')}` };
        continue;
      }
      const portNames = new Set(services.flatMap((s) => {
        const ports = recordAt(s.object, 'spec')?.['ports'];
        return Array.isArray(ports) ? ports.filter(isRecord).map((p) => p['name']) : [];
      }));
      const endpoints = Array.isArray(spec['endpoints']) ? spec['endpoints'].filter(isRecord) : [];
      for (const [index, endpoint] of endpoints.entries()) {
        const port = endpoint['port'];
        if (typeof port === 'string' && !portNames.has(port)) {
          yield { object: monitor, message: `spec.endpoints[${index}].port ${port} is not a port name of the selected Services` };
        }
      }
    }
  },
};

/** The namespaces a ServiceMonitor looks in: its own by default, or namespaceSelector's. */
function monitoredNamespaces(spec: UnknownRecord, own: string): string[] | 'any' {
  const selector = recordAt(spec, 'namespaceSelector');
  if (selector?.['any'] === true) return 'any';
  const names = selector?.['matchNames'];
  return Array.isArray(names) && names.length > 0 ? names.map(String) : [own];
}
