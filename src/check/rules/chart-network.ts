import { MONITORING_NAMESPACE } from '../../../charts/lib/platform-names';
import { factsOfObjects, indexObjects, scrapesOfMonitor } from '../../helm/chart-facts-of-render';
import { effectiveFacts, type ChartInstall } from '../chart-installs';
import { admits, type Source } from '../k8s/network-admission';
import { recordAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { Rule, Violation } from './rule';

function policies(context: RuleContext, namespace: string) {
  return context.ofKindIn('networking.k8s.io', 'NetworkPolicy', namespace).map((p) => recordAt(p.object, 'spec') ?? {});
}

function monitoringSource(context: RuleContext): Source {
  const labels = context.namespaces.get(MONITORING_NAMESPACE)?.object.metadata.labels ?? {};
  // The API server sets kubernetes.io/metadata.name on every namespace.
  return { kind: 'namespace', name: MONITORING_NAMESPACE, labels: { ...labels, 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } };
}

/** Every port a ServiceMonitor or PodMonitor scrapes is open to Prometheus. */
export const scrapePortAdmitted: Rule = {
  id: 'scrape-port-admitted',
  reason: 'A scrape the target namespace\'s NetworkPolicies block fails silently: the target is down in Prometheus and its alerts never fire.',
  fix: `Admit ingress from the ${MONITORING_NAMESPACE} namespace on the port (metricsIngress() in the component's *-network.ts), or stop scraping it.`,
  severity: 'production',
  *check(context) {
    const source = monitoringSource(context);
    const judge = function* (namespace: string, port: number, where: Omit<Violation, 'message'>): Generator<Violation> {
      // Prometheus reaches its own namespace through the namespace's own allows like any other.
      if (!context.namespaces.has(namespace)) return; // not a namespace this repository renders (kube-system, ...)
      if (!admits(policies(context, namespace), namespace, source, port)) {
        yield { ...where, message: `port ${port} in namespace ${namespace} is scraped, but no NetworkPolicy there admits it from namespace ${MONITORING_NAMESPACE}` };
      }
    };
    const monitors = [...context.ofKind('monitoring.coreos.com', 'ServiceMonitor'), ...context.ofKind('monitoring.coreos.com', 'PodMonitor')];
    if (monitors.length > 0) {
      const index = indexObjects(context.objects.map((o) => o.object), undefined);
      for (const monitor of monitors) {
        const monitorObject = { ...monitor.object, metadata: { ...monitor.object.metadata, namespace: context.namespaceOf(monitor) } };
        for (const scrape of scrapesOfMonitor(monitorObject, index)) yield* judge(scrape.namespace, scrape.port, { object: monitor });
      }
    }
    for (const install of context.charts) {
      for (const scrape of effectiveFacts(install).scrapes) yield* judge(scrape.namespace, scrape.port, { chart: { install, subject: `${scrape.namespace}:${scrape.port}` } });
    }
  },
};

/** The API server reaches every admission webhook's pod port. */
export const webhookPortAdmitted: Rule = {
  id: 'webhook-port-admitted',
  reason: 'The API server calls admission webhooks on the pod port; a NetworkPolicy that blocks it makes every matching API request fail (or skip the webhook).',
  fix: 'Admit ingress from network.apiServerCidrs on the webhook\'s container port (webhookIngress() in the component\'s *-network.ts).',
  severity: 'error',
  *check(context) {
    const source: Source = { kind: 'cidrs', cidrs: context.environment.platform.network.apiServerCidrs };
    const judge = function* (install: ChartInstall | undefined, webhook: { service: string; namespace: string; port: number }, object?: Violation['object']): Generator<Violation> {
      if (!context.namespaces.has(webhook.namespace)) return;
      if (admits(policies(context, webhook.namespace), webhook.namespace, source, webhook.port)) return;
      const message = `the webhook or aggregated API behind Service ${webhook.namespace}/${webhook.service} listens on pod port ${webhook.port}, which no NetworkPolicy in ${webhook.namespace} admits from the API server (${source.cidrs.join(', ')})`;
      yield install === undefined ? { object, message } : { chart: { install, subject: `${webhook.namespace}/${webhook.service}:${webhook.port}` }, message };
    };
    const configurations = context.objects.filter((o) => o.object.kind.endsWith('WebhookConfiguration'));
    if (configurations.length > 0) {
      const observed = factsOfObjects(context.objects.map((o) => o.object), undefined);
      for (const webhook of observed.webhooks) yield* judge(undefined, webhook, configurations[0]);
    }
    for (const install of context.charts) {
      for (const webhook of effectiveFacts(install).webhooks) yield* judge(install, webhook);
    }
  },
};
