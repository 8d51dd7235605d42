import { ingressNamespace } from '../../../charts/lib/platform-names';
import { recordAt } from '../pod-security/narrow';
import type { Rule } from './rule';

/** Only the ingress tier is reachable from outside the cluster. */
export const serviceType: Rule = {
  id: 'service-type',
  reason: 'NodePort, LoadBalancer and ExternalName Services bypass the ingress tier (TLS, WAF, rate limits) and its review.',
  fix: 'Use type: ClusterIP and expose the workload through an Ingress; only the ingress controller\'s namespace may use other types.',
  severity: 'production',
  *check(context) {
    const tier = ingressNamespace(context.environment.platform.ingress.controller);
    for (const service of context.ofKind('', 'Service')) {
      const type = recordAt(service.object, 'spec')?.['type'] ?? 'ClusterIP';
      if (type === 'ClusterIP' || context.namespaceOf(service) === tier) continue;
      yield { object: service, message: `spec.type is ${String(type)} outside the ingress tier namespace ${tier}` };
    }
  },
};
