import { POD_SECURITY_REASON_ANNOTATION } from '../../../charts/lib/platform-namespace';
import { evaluatePodSecurity, podTemplateOf, type PodSecurityLevel } from '../pod-security';
import { PRIVILEGED_NAMESPACES } from '../privileged-namespaces';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
const MODES = ['enforce', 'audit', 'warn'] as const;
const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

function isLevel(value: string | undefined): value is PodSecurityLevel {
  return value !== undefined && (LEVELS as readonly string[]).includes(value);
}

/** The enforce level of a rendered namespace; undefined when it is not rendered or not labelled. */
export function enforcedLevel(context: RuleContext, namespace: string): PodSecurityLevel | undefined {
  const label = context.namespaces.get(namespace)?.object.metadata.labels?.[ENFORCE];
  return isLevel(label) ? label : undefined;
}

/** Application workloads live in the apps layer (dist/<env>/apps/<app>/). */
function isApplicationObject(object: CheckedObject): boolean {
  return object.folder.startsWith('apps/');
}

/** Every pod meets the level its namespace enforces, and application pods meet `restricted`. */
export const podSecurityLevel: Rule = {
  id: 'pod-security-level',
  reason: 'The API server rejects pods that break their namespace\'s enforced level, and application pods must be restricted.',
  fix: 'Run as non-root with allowPrivilegeEscalation: false, capabilities.drop: [ALL], seccompProfile RuntimeDefault and only restricted volume types.',
  // Pod Security admission enforces the namespace label in every environment: a violating pod never starts.
  severity: 'error',
  *check(context) {
    for (const workload of context.workloads) {
      const pod = podTemplateOf(workload.source.object);
      if (pod === undefined) continue;
      const required: PodSecurityLevel = isApplicationObject(workload.source) ? 'restricted' : (enforcedLevel(context, workload.namespace) ?? 'restricted');
      const prefix = workload.templatePath === '' ? '' : `${workload.templatePath}.`;
      for (const violation of evaluatePodSecurity(pod, required)) {
        yield { object: workload.source, message: `${required} (${violation.check}): ${prefix}${violation.field}: ${violation.message}` };
      }
    }
  },
};

/** Every namespace says which Pod Security level it enforces. */
export const podSecurityLabels: Rule = {
  id: 'pod-security-labels',
  reason: 'Without an enforce label the cluster default applies (usually privileged), so nothing is enforced.',
  fix: 'Render the namespace with PlatformNamespace (charts/lib/platform-namespace.ts) or the tenancy chart: enforce, audit and warn labels.',
  severity: 'production',
  *check(context) {
    for (const namespace of context.namespaces.values()) {
      const labels = namespace.object.metadata.labels ?? {};
      for (const mode of MODES) {
        const value = labels[`pod-security.kubernetes.io/${mode}`];
        if (value === undefined && mode !== 'enforce') continue;
        if (!isLevel(value)) {
          yield { object: namespace, message: `label pod-security.kubernetes.io/${mode} is ${value === undefined ? 'missing' : JSON.stringify(value)}, expected one of ${LEVELS.join(', ')}` };
        }
      }
    }
    const reported = new Set<string>();
    for (const workload of context.workloads) {
      if (context.namespaces.has(workload.namespace) || reported.has(workload.namespace)) continue;
      reported.add(workload.namespace);
      yield {
        object: workload.source,
        message: `namespace ${workload.namespace} is not rendered in ${context.distPath}/, so its Pod Security labels are not under Git control`,
        fix: `Render namespace ${workload.namespace} (tenancy chart or PlatformNamespace) with Pod Security labels.`,
      };
    }
  },
};

/** In production the enforce level is pinned to a Kubernetes version, so an upgrade cannot tighten it silently. */
export const podSecurityVersionPinned: Rule = {
  id: 'pod-security-version-pinned',
  reason: 'An unpinned (latest) enforce version changes meaning with each cluster upgrade and can start rejecting running workloads.',
  fix: 'Set pod-security.kubernetes.io/enforce-version to the cluster\'s minor version (e.g. v1.28) via PlatformNamespace enforceVersion.',
  severity: 'production',
  *check(context) {
    if (!context.production) return;
    for (const namespace of context.namespaces.values()) {
      const version = namespace.object.metadata.labels?.[ENFORCE_VERSION];
      if (version === undefined || !/^v\d+\.\d+$/.test(version)) {
        yield { object: namespace, message: `label ${ENFORCE_VERSION} is ${version === undefined ? 'missing' : JSON.stringify(version)}, expected a pinned version such as v1.28` };
      }
    }
  },
};

/** Namespaces below restricted come only from the reviewed list, each with a written reason. */
export const podSecurityPrivilegedNamespaces: Rule = {
  id: 'pod-security-privileged-namespaces',
  reason: 'A namespace below restricted lets any pod in it use host access; each one must be a reviewed, explained decision.',
  fix: `Keep the namespace restricted, or add it to src/check/privileged-namespaces.ts (reviewed) and give the Namespace a ${POD_SECURITY_REASON_ANNOTATION} annotation.`,
  // The allow-list is the review gate; it means the same in every environment.
  severity: 'error',
  *check(context) {
    for (const namespace of context.namespaces.values()) {
      const name = namespace.object.metadata.name;
      const level = namespace.object.metadata.labels?.[ENFORCE];
      if (!isLevel(level) || level === 'restricted') continue;
      const allowed = PRIVILEGED_NAMESPACES.get(name);
      if (allowed === undefined) {
        yield { object: namespace, message: `namespace ${name} enforces ${level}, but is not in the reviewed list (src/check/privileged-namespaces.ts)` };
      } else if (level === 'privileged' && allowed.level === 'baseline') {
        yield { object: namespace, message: `namespace ${name} enforces privileged, but the reviewed list allows it baseline at most` };
      }
      const reason = namespace.object.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION];
      if (reason === undefined || reason.trim() === '') {
        yield { object: namespace, message: `namespace ${name} enforces ${level} without a ${POD_SECURITY_REASON_ANNOTATION} annotation saying why` };
      }
    }
  },
};
