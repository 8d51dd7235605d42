import { describe, expect, it } from 'vitest';
import { noDefaultNamespace } from '../../../src/check/rules/default-namespace';
import { rbacNoClusterAdmin, rbacNoWildcards, rbacProdHumansView } from '../../../src/check/rules/rbac';
import { compliantEnvironment, withChange, withFiles } from '../support/compliant-app';
import { problems, type FixtureFile } from '../support/dist-fixture';

function binding(role: string, subjects: Record<string, string>[], kind = 'RoleBinding'): FixtureFile {
  return [
    `platform/tenancy/${kind.toLowerCase()}-team.yaml`,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name: 'team', ...(kind === 'RoleBinding' ? { namespace: 'web' } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects,
    },
  ];
}

function clusterRole(rules: Record<string, unknown>[]): FixtureFile {
  return ['platform/tenancy/clusterrole-reader.yaml', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules }];
}

const team = [{ kind: 'Group', name: 'storefront', apiGroup: 'rbac.authorization.k8s.io' }];

describe('rbac-no-cluster-admin', () => {
  it('passes a binding to a narrower role', () => {
    expect(problems(withFiles(binding('view', team)), rbacNoClusterAdmin)).toEqual([]);
  });

  it('fails when anything is bound to cluster-admin', () => {
    const robot = [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }];
    expect(problems(withFiles(binding('cluster-admin', robot, 'ClusterRoleBinding')), rbacNoClusterAdmin)).toEqual([
      'dist/prod/platform/tenancy/clusterrolebinding-team.yaml: roleRef is ClusterRole cluster-admin',
    ]);
  });
});

describe('rbac-no-wildcards', () => {
  it('passes explicit verbs and resources', () => {
    expect(problems(withFiles(clusterRole([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }])), rbacNoWildcards)).toEqual([]);
  });

  it('fails when verbs or resources use a wildcard', () => {
    expect(problems(withFiles(clusterRole([{ apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods'], verbs: ['*'] }])), rbacNoWildcards)).toEqual([
      'dist/prod/platform/tenancy/clusterrole-reader.yaml: rules[0].resources contains "*"',
      'dist/prod/platform/tenancy/clusterrole-reader.yaml: rules[1].verbs contains "*"',
    ]);
  });
});

describe('rbac-prod-humans-view', () => {
  it('passes people bound to view in production, service accounts to anything, and edit outside production', () => {
    expect(problems(withFiles(binding('view', team)), rbacProdHumansView)).toEqual([]);
    expect(problems(withFiles(binding('edit', [{ kind: 'ServiceAccount', name: 'ci', namespace: 'web' }])), rbacProdHumansView)).toEqual([]);
    expect(problems(withFiles(binding('edit', team)), rbacProdHumansView, { production: false })).toEqual([]);
  });

  it('fails when a group is bound to edit in production', () => {
    expect(problems(withFiles(binding('edit', team)), rbacProdHumansView)).toEqual([
      'dist/prod/platform/tenancy/rolebinding-team.yaml: Group storefront is bound to ClusterRole edit, expected ClusterRole view in production',
    ]);
  });
});

describe('no-default-namespace', () => {
  it('passes objects with a namespace and cluster-scoped objects', () => {
    expect(problems(compliantEnvironment(), noDefaultNamespace)).toEqual([]);
  });

  it('fails when an object is in default', () => {
    const files = withChange('apps/web/configmap-web.yaml', (c) => (c.metadata.namespace = 'default'));
    expect(problems(files, noDefaultNamespace)).toEqual(['dist/prod/apps/web/configmap-web.yaml: metadata.namespace is default']);
  });

  it('fails when a namespaced object has no namespace and its Application sets none', () => {
    const files = withChange('argocd/application-web.yaml', (app) => delete (app['spec'] as { destination: Record<string, unknown> }).destination['namespace'], withChange('apps/web/configmap-web.yaml', (c) => delete c.metadata.namespace));
    expect(problems(files, noDefaultNamespace)).toEqual(['dist/prod/apps/web/configmap-web.yaml: has no namespace and its Application sets no destination namespace, so it lands in default']);
  });
});
