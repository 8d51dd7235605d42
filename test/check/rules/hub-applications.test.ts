import { describe, expect, it } from 'vitest';
import { RuleContext } from '../../../src/check/rule-context';
import { hubNamesUnique } from '../../../src/check/rules/hub-applications';
import { runAcrossEnvironments } from '../../../src/check/run-rules';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { fixtureEnvironment, toChecked } from '../support/dist-fixture';

function cluster(name: string, topology: 'hub-and-spoke' | 'per-cluster', applications: readonly string[]): RuleContext {
  const base = fixtureEnvironment();
  const environment: EnvironmentConfig = { ...base, argocd: { ...base.argocd, topology }, cluster: { ...base.cluster, name, distPath: `prod/${name}` } };
  const objects = toChecked(applications.map((app) => [`argocd/application-${app}.yaml`, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: app, namespace: 'argocd' }, spec: {} }]));
  return new RuleContext({ environment, production: false, objects, files: new Set(objects.map((o) => o.file)) });
}

function findings(...clusters: RuleContext[]): string[] {
  return [...runAcrossEnvironments(clusters, [hubNamesUnique]).entries()].flatMap(([tree, list]) => list.map((f) => `${tree} ${f.file}: ${f.message}`));
}

describe('hub-names-unique', () => {
  it('fails on both clusters of a hub when their Applications share a name', () => {
    expect(findings(cluster('qa', 'hub-and-spoke', ['qa-a-shop', 'qa-root']), cluster('qa-a', 'hub-and-spoke', ['qa-a-shop', 'qa-a-root']))).toEqual([
      'prod/qa dist/prod/qa/argocd/application-qa-a-shop.yaml: Application qa-a-shop is also rendered for cluster qa-a, in the same hub namespace',
      'prod/qa-a dist/prod/qa-a/argocd/application-qa-a-shop.yaml: Application qa-a-shop is also rendered for cluster qa, in the same hub namespace',
    ]);
  });

  it('passes distinct names, and clusters with their own Argo CD (per-cluster) whatever their names', () => {
    expect(findings(cluster('qa-a', 'hub-and-spoke', ['qa-a-shop']), cluster('qa-b', 'hub-and-spoke', ['qa-b-shop']))).toEqual([]);
    expect(findings(cluster('live-eu', 'per-cluster', ['shop', 'root']), cluster('live-us', 'per-cluster', ['shop', 'root']))).toEqual([]);
  });
});
