import { isRecord, recordAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

const ISSUER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** Every Ingress host is served over TLS with a certificate cert-manager issues and renews. */
export const ingressTls: Rule = {
  id: 'ingress-tls',
  reason: 'A host without TLS sends credentials in clear text; a certificate nobody renews expires in production.',
  fix: 'List every host under spec.tls with a secretName, and annotate the Ingress with cert-manager.io/cluster-issuer (CLUSTER_ISSUER).',
  severity: 'production',
  *check(context) {
    for (const ingress of context.ofKind('networking.k8s.io', 'Ingress')) {
      const spec = recordAt(ingress.object, 'spec') ?? {};
      const tls = Array.isArray(spec['tls']) ? spec['tls'].filter(isRecord) : [];
      if (tls.length === 0) {
        yield { object: ingress, message: 'has no spec.tls' };
        continue;
      }
      const tlsHosts = tls.flatMap((entry) => (Array.isArray(entry['hosts']) ? entry['hosts'].map(String) : []));
      const rules = Array.isArray(spec['rules']) ? spec['rules'].filter(isRecord) : [];
      for (const [index, rule] of rules.entries()) {
        const host = rule['host'];
        if (typeof host !== 'string' || host === '') yield { object: ingress, message: `spec.rules[${index}] has no host, so no certificate can cover it` };
        else if (!tlsHosts.some((pattern) => hostMatches(pattern, host))) yield { object: ingress, message: `host ${host} (spec.rules[${index}]) is not listed in spec.tls` };
      }
      for (const [index, entry] of tls.entries()) {
        if (typeof entry['secretName'] !== 'string' || entry['secretName'] === '') {
          yield { object: ingress, message: `spec.tls[${index}] has no secretName` };
        }
      }
      const secrets = tls.map((entry) => entry['secretName']).filter((s): s is string => typeof s === 'string' && s !== '');
      if (secrets.length > 0 && !issuedByCertManager(context, ingress, secrets)) {
        yield { object: ingress, message: `no cert-manager issuer annotation (${ISSUER_ANNOTATIONS.join(' or ')}) and no Certificate for secret ${secrets.join(', ')}` };
      }
    }
  },
};

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  // *.example.com covers exactly one more label: a.example.com, not a.b.example.com.
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && !host.slice(0, -(pattern.length - 1)).includes('.');
}

function issuedByCertManager(context: RuleContext, ingress: CheckedObject, secrets: readonly string[]): boolean {
  const annotations = ingress.object.metadata.annotations ?? {};
  if (ISSUER_ANNOTATIONS.some((key) => (annotations[key] ?? '') !== '')) return true;
  const namespace = context.namespaceOf(ingress);
  const certificates = context.ofKind('cert-manager.io', 'Certificate').filter((c) => context.namespaceOf(c) === namespace);
  return secrets.every((secret) => certificates.some((c) => recordAt(c.object, 'spec')?.['secretName'] === secret));
}
