import { describe, expect, it } from 'vitest';
import { chartFactsMatch, chartFactsVersion, chartImageDigest } from '../../../src/check/rules/chart-facts';
import { scrapePortAdmitted, webhookPortAdmitted } from '../../../src/check/rules/chart-network';
import { chartPodSecurity } from '../../../src/check/rules/chart-pod-security';
import { crdApplySize } from '../../../src/check/rules/crd-apply-size';
import { RULES } from '../../../src/check/rules/registry';
import { LAST_APPLIED_LIMIT } from '../../../src/helm/compare-chart-facts';
import { fixtureInstall } from '../support/chart-fixture';
import { at, compliantEnvironment, withChange, withFiles } from '../support/compliant-app';
import { fixtureEnvironment, problems, runFixture, type FixtureFile } from '../support/dist-fixture';

// The fixture Application `web` installs a fixture chart; each rule is shown failing on what the
// chart brings and passing once the environment (or the chart's facts) is fixed.

const apiServerCidr = fixtureEnvironment().platform.network.apiServerCidrs[0]!;

function ingressPolicy(name: string, from: Record<string, unknown>, port: number): FixtureFile {
  return [
    `apps/web/networkpolicy-${name}.yaml`,
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'web' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [from], ports: [{ protocol: 'TCP', port }] }] } },
  ];
}

const fromMonitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
const serverSideApplied = (files: FixtureFile[]) => withChange('argocd/application-web.yaml', (app) => (at(app, 'spec')['syncPolicy'] = { syncOptions: ['ServerSideApply=true'] }), files);

describe('crd-apply-size', () => {
  const big = { group: 'fixtures.example.com', kind: 'Gadget', bytes: LAST_APPLIED_LIMIT + 1, measuredFrom: 'fixture' };

  it('fails a chart CRD over the last-applied limit in an Application without ServerSideApply=true', () => {
    expect(problems(compliantEnvironment(), crdApplySize, { charts: [fixtureInstall('web', { crds: [big] })] })).toEqual([
      `charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): CRD Gadget.fixtures.example.com is ${LAST_APPLIED_LIMIT + 1} bytes as compact JSON, over ${LAST_APPLIED_LIMIT}, and Application web does not set ServerSideApply=true`,
    ]);
  });

  it('passes it at the limit, or server-side applied', () => {
    expect(problems(compliantEnvironment(), crdApplySize, { charts: [fixtureInstall('web', { crds: [{ ...big, bytes: LAST_APPLIED_LIMIT }] })] })).toEqual([]);
    expect(problems(serverSideApplied(compliantEnvironment()), crdApplySize, { charts: [fixtureInstall('web', { crds: [big] })] })).toEqual([]);
  });

  it('measures a CRD in dist/ as compact JSON', () => {
    const crd = (description: string): FixtureFile => [
      'apps/web/customresourcedefinition-gadgets.fixtures.example.com.yaml',
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.fixtures.example.com' }, spec: { group: 'fixtures.example.com', description } },
    ];
    const skeleton = JSON.stringify(crd('')[1]).length;
    expect(problems(withFiles(crd('x'.repeat(LAST_APPLIED_LIMIT - skeleton))), crdApplySize)).toEqual([]);
    expect(problems(withFiles(crd('x'.repeat(LAST_APPLIED_LIMIT - skeleton + 1))), crdApplySize)).toEqual([
      `dist/prod/apps/web/customresourcedefinition-gadgets.fixtures.example.com.yaml: is ${LAST_APPLIED_LIMIT + 1} bytes as compact JSON, over ${LAST_APPLIED_LIMIT}, and its Application does not set ServerSideApply=true`,
    ]);
  });
});

describe('scrape-port-admitted', () => {
  const scraped = fixtureInstall('web', { scrapes: [{ namespace: 'web', port: 9150 }] });

  it('fails a port the chart\'s monitors scrape that no policy admits from the monitoring namespace', () => {
    expect(problems(withFiles(ingressPolicy('metrics', fromMonitoring, 3100)), scrapePortAdmitted, { charts: [scraped] })).toEqual([
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): port 9150 in namespace web is scraped, but no NetworkPolicy there admits it from namespace monitoring',
    ]);
  });

  it('passes once a policy admits the monitoring namespace on that port', () => {
    expect(problems(withFiles(ingressPolicy('metrics', fromMonitoring, 9150)), scrapePortAdmitted, { charts: [scraped] })).toEqual([]);
  });

  it('judges the project\'s own ServiceMonitors too, through Service and named container port', () => {
    const monitor: FixtureFile = ['apps/web/servicemonitor-web.yaml', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'web' }, spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, endpoints: [{ port: 'http' }] } }];
    expect(problems(withFiles(monitor), scrapePortAdmitted)).toEqual(['dist/prod/apps/web/servicemonitor-web.yaml: port 8080 in namespace web is scraped, but no NetworkPolicy there admits it from namespace monitoring']);
    expect(problems(withFiles(monitor, ingressPolicy('metrics', fromMonitoring, 8080)), scrapePortAdmitted)).toEqual([]);
  });
});

describe('webhook-port-admitted', () => {
  const webhook = fixtureInstall('web', { webhooks: [{ service: 'web-webhook', namespace: 'web', port: 9443 }] });

  it('fails a webhook port the API server cannot reach', () => {
    expect(problems(withFiles(ingressPolicy('webhook', { ipBlock: { cidr: '192.0.2.0/24' } }, 9443)), webhookPortAdmitted, { charts: [webhook] })).toEqual([
      `charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): the webhook or aggregated API behind Service web/web-webhook listens on pod port 9443, which no NetworkPolicy in web admits from the API server (${apiServerCidr})`,
    ]);
  });

  it('passes an ipBlock covering network.apiServerCidrs on that port, and not one whose except cuts it', () => {
    expect(problems(withFiles(ingressPolicy('webhook', { ipBlock: { cidr: apiServerCidr } }, 9443)), webhookPortAdmitted, { charts: [webhook] })).toEqual([]);
    expect(problems(withFiles(ingressPolicy('webhook', { ipBlock: { cidr: '0.0.0.0/0', except: [apiServerCidr] } }, 9443)), webhookPortAdmitted, { charts: [webhook] })).toHaveLength(1);
  });
});

describe('chart-pod-security', () => {
  const privileged = fixtureInstall('web', { pods: [{ workload: 'DaemonSet/agent', namespace: 'web', level: 'privileged', reason: 'hostPath /var/log' }] });

  it('fails a chart pod needing more than its namespace enforces', () => {
    expect(problems(compliantEnvironment(), chartPodSecurity, { charts: [privileged] })).toEqual([
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): DaemonSet/agent needs privileged (hostPath /var/log), but namespace web enforces restricted',
    ]);
  });

  it('passes it in a namespace enforcing that level', () => {
    const files = withChange('platform/tenancy/namespace-web.yaml', (ns) => (at(ns, 'metadata', 'labels')['pod-security.kubernetes.io/enforce'] = 'privileged'));
    expect(problems(files, chartPodSecurity, { charts: [privileged] })).toEqual([]);
  });
});

describe('chart-image-digest', () => {
  const tagged = 'registry.example.com/fixtures/operator:1.2.3';

  it('fails an image the chart runs by tag, passes one by digest', () => {
    expect(problems(compliantEnvironment(), chartImageDigest, { charts: [fixtureInstall('web', { images: [tagged, `registry.example.com/fixtures/operator@sha256:${'b'.repeat(64)}`] })] })).toEqual([
      `charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): image ${tagged} is not pinned by a sha256 digest`,
    ]);
  });

  it('an exemption declared with the facts waives it and is listed with its reason; one naming an unknown rule is an error', () => {
    const install = fixtureInstall('web', { images: [tagged], exemptions: [{ rule: 'chart-image-digest', subject: tagged, reason: 'no digest known here' }, { rule: 'chart-image-digets', reason: 'typo' }] });
    const { findings, exemptions } = runFixture(compliantEnvironment(), RULES, { charts: [install] });
    expect(findings.filter((f) => f.rule === 'chart-image-digest')).toEqual([]);
    expect(exemptions.filter((e) => e.rule === 'chart-image-digest')).toEqual([
      { rule: 'chart-image-digest', file: 'charts/platform/fixture/fixture-facts.ts', object: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name: 'web', namespace: 'argocd' }, subject: tagged, reason: 'no digest known here', waived: 1 },
    ]);
    expect(findings.filter((f) => f.rule === 'exemption-rule').map((f) => f.message)).toEqual(['chart fixture-operator: an exemption names chart-image-digets, which is no rule that can be exempted']);
  });
});

describe('chart-facts-version', () => {
  it('fails facts declared for another chart version than the Application installs', () => {
    expect(problems(compliantEnvironment(), chartFactsVersion, { charts: [fixtureInstall('web', { chartVersion: '1.2.2' })] })).toEqual([
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): facts are declared for version 1.2.2, the Application installs 1.2.3',
    ]);
    expect(problems(compliantEnvironment(), chartFactsVersion, { charts: [fixtureInstall('web')] })).toEqual([]);
  });
});

describe('chart-facts-match', () => {
  const observed = { crds: [], customResources: [{ group: 'monitoring.coreos.com', kind: 'ServiceMonitor' }], webhooks: [], scrapes: [{ namespace: 'web', port: 8080 }], pods: [], images: ['registry.example.com/fixtures/operator:1.2.4'] };

  it('is silent without a render, and when the declaration is what the chart renders', () => {
    expect(problems(compliantEnvironment(), chartFactsMatch, { charts: [fixtureInstall('web')] })).toEqual([]);
    expect(problems(compliantEnvironment(), chartFactsMatch, { charts: [fixtureInstall('web', observed, observed)] })).toEqual([]);
  });

  it('names the component, the fact and the difference', () => {
    const declared = { ...observed, customResources: [], images: ['registry.example.com/fixtures/operator:1.2.3'] };
    expect(problems(compliantEnvironment(), chartFactsMatch, { charts: [fixtureInstall('web', declared, observed)] })).toEqual([
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): customResources: the chart renders custom resources of kind ServiceMonitor.monitoring.coreos.com, which is not declared',
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): images: the chart renders image registry.example.com/fixtures/operator:1.2.4, which is not declared',
      'charts/platform/fixture/fixture-facts.ts: chart fixture-operator (Application web): images: declared image registry.example.com/fixtures/operator:1.2.3, which the chart does not render',
    ]);
  });
});
