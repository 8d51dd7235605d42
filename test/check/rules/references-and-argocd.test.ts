import { describe, expect, it } from 'vitest';
import { argocdCrdSyncOrder, argocdPathExists, argocdSingleOwner } from '../../../src/check/rules/argocd';
import { danglingHpa, danglingIngress, danglingNetworkPolicy, danglingPdb, danglingService, danglingServiceMonitor } from '../../../src/check/rules/dangling-references';
import { application, at, compliantEnvironment, withChange, withFiles } from '../support/compliant-app';
import { fixtureInstall } from '../support/chart-fixture';
import { problems, REPO_URL, type FixtureFile, type Manifest } from '../support/dist-fixture';

const other = { 'app.kubernetes.io/name': 'api' };

function serviceMonitor(port = 'http', selector: Record<string, string> = { 'app.kubernetes.io/name': 'web' }): FixtureFile {
  return ['apps/web/servicemonitor-web.yaml', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'web' }, spec: { selector: { matchLabels: selector }, endpoints: [{ port }] } }];
}

function hpa(target: string): FixtureFile {
  return ['apps/web/horizontalpodautoscaler-web.yaml', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: 2, maxReplicas: 4 } }];
}

describe('dangling-service', () => {
  it('passes a Service selecting pods', () => {
    expect(problems(compliantEnvironment(), danglingService)).toEqual([]);
  });

  it('fails when the selector matches no pod', () => {
    const files = withChange('apps/web/service-web.yaml', (s) => (at(s, 'spec')['selector'] = other));
    expect(problems(files, danglingService)).toEqual(['dist/prod/apps/web/service-web.yaml: spec.selector app.kubernetes.io/name=api matches no pod in namespace web']);
  });

  it('does not judge namespaces a Helm chart installs into (its pods are not in dist/)', () => {
    const files = withChange('argocd/application-web.yaml', (app) => (app['spec'] = { ...(app['spec'] as object), source: undefined, sources: [{ repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '1.0.0' }, { repoURL: REPO_URL, path: 'dist/prod/apps/web' }] }),
      withChange('apps/web/service-web.yaml', (s) => (at(s, 'spec')['selector'] = other)));
    expect(problems(files, danglingService)).toEqual([]);
  });
});

describe('dangling-ingress', () => {
  it('passes a backend Service and port that exist', () => {
    expect(problems(compliantEnvironment(), danglingIngress)).toEqual([]);
  });

  it('fails when the backend Service does not exist', () => {
    const files = withChange('apps/web/ingress-web.yaml', (i) => (at(i, 'spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service')['name'] = 'shop'));
    expect(problems(files, danglingIngress)).toEqual(['dist/prod/apps/web/ingress-web.yaml: spec.rules[0].http.paths[0].backend names Service shop, which does not exist in namespace web']);
  });

  it('fails when the backend port is not a port of the Service', () => {
    const files = withChange('apps/web/ingress-web.yaml', (i) => (at(i, 'spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service')['port'] = { number: 8443 }));
    expect(problems(files, danglingIngress)).toEqual(['dist/prod/apps/web/ingress-web.yaml: spec.rules[0].http.paths[0].backend uses port 8443, which Service web does not declare']);
  });
});

describe('dangling-hpa', () => {
  it('passes an HPA whose target exists', () => {
    expect(problems(withFiles(hpa('web')), danglingHpa)).toEqual([]);
  });

  it('fails when the target does not exist', () => {
    expect(problems(withFiles(hpa('api')), danglingHpa)).toEqual(['dist/prod/apps/web/horizontalpodautoscaler-web.yaml: spec.scaleTargetRef Deployment api does not exist in namespace web']);
  });
});

describe('dangling-pdb', () => {
  it('passes a PDB selecting pods', () => {
    expect(problems(compliantEnvironment(), danglingPdb)).toEqual([]);
  });

  it('fails when the selector matches no pod', () => {
    const files = withChange('apps/web/poddisruptionbudget-web.yaml', (p) => (at(p, 'spec')['selector'] = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['api'] }] }));
    expect(problems(files, danglingPdb)).toEqual(['dist/prod/apps/web/poddisruptionbudget-web.yaml: spec.selector app.kubernetes.io/name In (api) matches no pod in namespace web']);
  });
});

describe('dangling-networkpolicy', () => {
  it('passes a policy selecting pods, and an empty (namespace-wide) podSelector', () => {
    expect(problems(compliantEnvironment(), danglingNetworkPolicy)).toEqual([]);
  });

  it('fails when the podSelector matches no pod', () => {
    const files = withChange('apps/web/networkpolicy-web.yaml', (p) => (at(p, 'spec')['podSelector'] = { matchLabels: other }));
    expect(problems(files, danglingNetworkPolicy)).toEqual(['dist/prod/apps/web/networkpolicy-web.yaml: spec.podSelector app.kubernetes.io/name=api matches no pod in namespace web']);
  });
});

describe('dangling-servicemonitor', () => {
  it('passes a ServiceMonitor selecting a Service by label and port name', () => {
    expect(problems(withFiles(serviceMonitor()), danglingServiceMonitor)).toEqual([]);
  });

  it('fails when it selects no Service', () => {
    expect(problems(withFiles(serviceMonitor('http', other)), danglingServiceMonitor)).toEqual(['dist/prod/apps/web/servicemonitor-web.yaml: spec.selector app.kubernetes.io/name=api matches no Service in namespace web']);
  });

  it('fails when the endpoint port is not a port name of the Service', () => {
    expect(problems(withFiles(serviceMonitor('metrics')), danglingServiceMonitor)).toEqual(['dist/prod/apps/web/servicemonitor-web.yaml: spec.endpoints[0].port metrics is not a port name of the selected Services']);
  });
});

describe('argocd-single-owner', () => {
  it('passes when every file is in exactly one Application path (root.yaml aside)', () => {
    expect(problems(compliantEnvironment(), argocdSingleOwner)).toEqual([]);
  });

  it('fails when no Application syncs a folder (Argo CD does not recurse into subfolders by default)', () => {
    const orphan: FixtureFile = ['apps/web/extra/configmap-extra.yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'web' }, data: {} }];
    expect(problems(withFiles(orphan), argocdSingleOwner)).toEqual(['dist/prod/apps/web/extra/configmap-extra.yaml: no Application syncs dist/prod/apps/web/extra']);
  });

  it('fails when two Applications sync the same folder', () => {
    expect(problems(withFiles(['argocd/application-web2.yaml', application('web2', 'dist/prod/apps/web', 10)]), argocdSingleOwner)).toContain(
      'dist/prod/apps/web/deployment-web.yaml: synced by 2 Applications: web, web2',
    );
  });

  it('fails when the same object is rendered in two folders', () => {
    const copy: FixtureFile = ['platform/tenancy/configmap-web.yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'web' }, data: {} }];
    expect(problems(withFiles(copy), argocdSingleOwner)).toEqual([
      'dist/prod/apps/web/configmap-web.yaml: the same object is rendered 2 times: dist/prod/apps/web/configmap-web.yaml, dist/prod/platform/tenancy/configmap-web.yaml',
      'dist/prod/platform/tenancy/configmap-web.yaml: the same object is rendered 2 times: dist/prod/apps/web/configmap-web.yaml, dist/prod/platform/tenancy/configmap-web.yaml',
    ]);
  });
});

describe('argocd-path-exists', () => {
  it('passes paths that are non-empty folders', () => {
    expect(problems(compliantEnvironment(), argocdPathExists)).toEqual([]);
  });

  it('fails when a path has no manifests, or points outside the environment', () => {
    const files = withFiles(['argocd/application-gone.yaml', application('gone', 'dist/prod/platform/gone', 0)], ['argocd/application-staging.yaml', application('staging', 'dist/staging/apps/web', 0)]);
    expect(problems(files, argocdPathExists)).toEqual([
      'dist/prod/argocd/application-gone.yaml: path dist/prod/platform/gone has no manifests in the committed dist/',
      'dist/prod/argocd/application-staging.yaml: path dist/staging/apps/web is outside dist/prod/',
    ]);
  });
});

describe('argocd-crd-sync-order', () => {
  const issuer: FixtureFile = ['platform/issuers/clusterissuer-letsencrypt.yaml', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' }, spec: { acme: {} } }];
  const issuersApp = (wave: number): FixtureFile => ['argocd/application-issuers.yaml', application('issuers', 'dist/prod/platform/issuers', wave)];
  const certManager = (wave: number, values: Record<string, unknown>): FixtureFile => [
    'argocd/application-cert-manager.yaml',
    application('cert-manager', 'dist/prod/platform/cert-manager', wave, { source: undefined, sources: [
      { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: 'v1.21.1', helm: { valuesObject: values } },
      { repoURL: REPO_URL, targetRevision: 'main', path: 'dist/prod/platform/cert-manager' },
    ] }),
  ];

  // What cert-manager's chart brings comes from its declared (or rendered) facts.
  const installsIssuerCrd = fixtureInstall('cert-manager', { crds: [{ group: 'cert-manager.io', kind: 'ClusterIssuer', bytes: 1000, measuredFrom: 'fixture' }] });

  it('passes Argo CD\'s own kinds and a custom resource after the chart that installs its CRD', () => {
    expect(problems(compliantEnvironment(), argocdCrdSyncOrder)).toEqual([]);
    expect(problems(withFiles(issuer, issuersApp(0), certManager(-1, {})), argocdCrdSyncOrder, { charts: [installsIssuerCrd] })).toEqual([]);
  });

  it('fails when nothing installs the CRD', () => {
    expect(problems(withFiles(issuer, issuersApp(0)), argocdCrdSyncOrder)).toEqual(['dist/prod/platform/issuers/clusterissuer-letsencrypt.yaml: nothing in dist/prod/ installs the CRD of ClusterIssuer.cert-manager.io']);
  });

  it('fails when the provider syncs in the same or a later wave', () => {
    expect(problems(withFiles(issuer, issuersApp(0), certManager(0, {})), argocdCrdSyncOrder, { charts: [installsIssuerCrd] })).toEqual([
      'dist/prod/platform/issuers/clusterissuer-letsencrypt.yaml: ClusterIssuer.cert-manager.io may be applied before its CRD exists: Helm chart fixture-operator is synced by Application cert-manager in wave 0, not before Application issuers (wave 0)',
    ]);
  });

  it('fails when the chart\'s facts (for its values) install no CRDs', () => {
    expect(problems(withFiles(issuer, issuersApp(0), certManager(-1, {})), argocdCrdSyncOrder, { charts: [fixtureInstall('cert-manager')] })).toEqual([
      'dist/prod/platform/issuers/clusterissuer-letsencrypt.yaml: nothing in dist/prod/ installs the CRD of ClusterIssuer.cert-manager.io',
    ]);
  });

  it('accepts a CR in the chart\'s own Application only after it (afterHelmCrds: wave 1 + SkipDryRunOnMissingResource)', () => {
    const inside = (annotations: Record<string, string>): FixtureFile => ['platform/cert-manager/clusterissuer-letsencrypt.yaml', { ...(issuer[1] as Manifest), metadata: { name: 'letsencrypt', annotations } }];
    const app = certManager(-1, {});
    expect(problems(withFiles(app, inside({ 'argocd.argoproj.io/sync-wave': '1', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' })), argocdCrdSyncOrder, { charts: [installsIssuerCrd] })).toEqual([]);
    expect(problems(withFiles(app, inside({})), argocdCrdSyncOrder, { charts: [installsIssuerCrd] })).toEqual([
      'dist/prod/platform/cert-manager/clusterissuer-letsencrypt.yaml: ClusterIssuer.cert-manager.io may be applied before its CRD exists: Helm chart fixture-operator is in the same Application; the resource needs sync-wave > 0 and SkipDryRunOnMissingResource=true (afterHelmCrds()), has wave 0',
    ]);
  });

  it('a custom resource a chart renders syncs strictly after the Application providing its CRD, or with it', () => {
    const monitorCrd = { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', bytes: 1000, measuredFrom: 'fixture' };
    const serviceMonitor = { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' };
    const crdsApp = (wave: number): FixtureFile => ['argocd/application-crds.yaml', application('crds', 'dist/prod/platform/crds', wave)];
    const files = (crdWave: number) => withFiles(issuer, issuersApp(-4), crdsApp(crdWave));
    const charts = [fixtureInstall('crds', { crds: [monitorCrd] }), fixtureInstall('issuers', { customResources: [serviceMonitor] })];
    expect(problems(files(-6), argocdCrdSyncOrder, { charts: [...charts, installsIssuerCrd] }).filter((p) => p.includes('ServiceMonitor'))).toEqual([]);
    expect(problems(files(-1), argocdCrdSyncOrder, { charts }).filter((p) => p.includes('ServiceMonitor'))).toEqual([
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application issuers): renders ServiceMonitor.monitoring.coreos.com in wave -4, but its CRD comes from Helm chart fixture-operator in Application crds (wave -1): not strictly earlier',
    ]);
    // The same Application may bring both: Argo CD applies CRDs before the resources of a sync.
    expect(problems(files(-1), argocdCrdSyncOrder, { charts: [fixtureInstall('issuers', { crds: [monitorCrd], customResources: [serviceMonitor] })] }).filter((p) => p.includes('ServiceMonitor'))).toEqual([]);
    expect(problems(files(-1), argocdCrdSyncOrder, { charts: [fixtureInstall('issuers', { customResources: [serviceMonitor] })] }).filter((p) => p.includes('ServiceMonitor'))).toEqual([
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application issuers): renders ServiceMonitor.monitoring.coreos.com, whose CRD nothing in dist/prod/ installs',
    ]);
  });

  it('accepts a rendered CRD in an earlier wave, and fails on one in the same Application but a later object wave', () => {
    const crd = (annotations: Record<string, string>): FixtureFile => [
      'platform/issuers/customresourcedefinition-clusterissuers.cert-manager.io.yaml',
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'clusterissuers.cert-manager.io', annotations }, spec: { group: 'cert-manager.io', scope: 'Cluster', names: { kind: 'ClusterIssuer' } } },
    ];
    expect(problems(withFiles(issuer, issuersApp(0), crd({})), argocdCrdSyncOrder)).toEqual([]);
    expect(problems(withFiles(issuer, issuersApp(0), crd({ 'argocd.argoproj.io/sync-wave': '2' })), argocdCrdSyncOrder)).toHaveLength(1);
  });
});
