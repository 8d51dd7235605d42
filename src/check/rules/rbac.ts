import { isRecord, recordAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

const RBAC = 'rbac.authorization.k8s.io';

function bindings(context: RuleContext): CheckedObject[] {
  return [...context.ofKind(RBAC, 'ClusterRoleBinding'), ...context.ofKind(RBAC, 'RoleBinding')];
}

function roleRefOf(binding: CheckedObject): { kind: string; name: string } {
  const ref = recordAt(binding.object, 'roleRef') ?? {};
  return { kind: String(ref['kind'] ?? ''), name: String(ref['name'] ?? '') };
}

/** Nobody is bound to cluster-admin from Git. */
export const rbacNoClusterAdmin: Rule = {
  id: 'rbac-no-cluster-admin',
  reason: 'cluster-admin can do anything, including reading every Secret and rewriting its own permissions.',
  fix: 'Bind a ClusterRole/Role that grants only the verbs and resources needed.',
  severity: 'production',
  *check(context) {
    for (const binding of bindings(context)) {
      const ref = roleRefOf(binding);
      if (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') yield { object: binding, message: 'roleRef is ClusterRole cluster-admin' };
    }
  },
};

/** Roles list the verbs and resources they grant. */
export const rbacNoWildcards: Rule = {
  id: 'rbac-no-wildcards',
  reason: 'A wildcard grants every current and future verb or resource, including ones added by new CRDs.',
  fix: 'List the verbs and resources explicitly in the Role/ClusterRole rules.',
  severity: 'production',
  *check(context) {
    for (const role of [...context.ofKind(RBAC, 'ClusterRole'), ...context.ofKind(RBAC, 'Role')]) {
      const rules = Array.isArray(role.object['rules']) ? role.object['rules'].filter(isRecord) : [];
      for (const [index, rule] of rules.entries()) {
        for (const field of ['verbs', 'resources'] as const) {
          const values = Array.isArray(rule[field]) ? rule[field].map(String) : [];
          const wildcards = values.filter((v) => v.includes('*'));
          if (wildcards.length > 0) yield { object: role, message: `rules[${index}].${field} contains ${wildcards.map((w) => JSON.stringify(w)).join(', ')}` };
        }
      }
    }
  },
};

/** In production people only read; changes go through Git. */
export const rbacProdHumansView: Rule = {
  id: 'rbac-prod-humans-view',
  reason: 'In production every change goes through Git and Argo CD; people (Users, Groups) only need to read.',
  fix: 'Bind human Users and Groups to the ClusterRole view in production (edit stays for non-production environments).',
  severity: 'production',
  *check(context) {
    if (!context.production) return;
    for (const binding of bindings(context)) {
      const ref = roleRefOf(binding);
      if (ref.kind === 'ClusterRole' && ref.name === 'view') continue;
      const subjects = Array.isArray(binding.object['subjects']) ? binding.object['subjects'].filter(isRecord) : [];
      // system: groups and users are Kubernetes' own identities (service accounts, nodes), not people.
      const humans = subjects.filter((s) => (s['kind'] === 'User' || s['kind'] === 'Group') && !String(s['name'] ?? '').startsWith('system:'));
      for (const human of humans) {
        yield { object: binding, message: `${String(human['kind'])} ${String(human['name'])} is bound to ${ref.kind} ${ref.name}, expected ClusterRole view in production` };
      }
    }
  },
};
