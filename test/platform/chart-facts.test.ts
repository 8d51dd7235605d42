import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { UPSTREAM_CRDS } from '../../charts/lib/chart-facts';
import { declaredInstall } from '../../src/check/chart-installs';
import { RuleContext } from '../../src/check/rule-context';
import { RULES } from '../../src/check/rules/registry';
import { runRules } from '../../src/check/run-rules';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { environmentConfig, renderVariant, type Mutable } from '../support/platform';
import type { PlatformConfig } from '../../src/config/platform-schema';
import { renderRepository } from '../support/repo';
import { upstreamFolder } from '../support/upstream';

const crds = upstreamFolder('crds', 'Declared CRD sizes against the pinned upstream CRD files');
const environments = await renderRepository();

/** The rule errors of one environment's fresh render with its charts' declared facts (production rules count in the last environment only). */
function ruleFindings(env: RenderedEnvironment): string[] {
  const objects = env.objects.map(({ file, folder, object }) => ({ file, folder, object }));
  const context = new RuleContext({ environment: environmentConfig(env.environment), production: env.environment === environments[environments.length - 1]!.environment, objects, files: new Set(env.files.keys()), charts: env.charts.map(declaredInstall) });
  return runRules(context, RULES).findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
}

describe.skipIf(!crds.available)('declared CRD sizes (oracle: the pinned upstream CRD files)', () => {
  const measured = environments.flatMap((env) => env.charts.flatMap((chart) => chart.facts.crds.filter((crd) => crd.measuredFrom.startsWith(UPSTREAM_CRDS))));
  const distinct = [...new Map(measured.map((crd) => [crd.measuredFrom, crd])).values()];

  it.each(distinct.map((crd) => [crd.measuredFrom, crd] as const))('%s', (from, crd) => {
    const text = readFileSync(path.join(crds.dir, from.slice(UPSTREAM_CRDS.length)), 'utf8');
    const [object] = parseAllDocuments(text).map((d) => d.toJS({ maxAliasCount: -1 }) as { spec: { group: string; names: { kind: string } } }).filter(Boolean);
    expect({ group: object!.spec.group, kind: object!.spec.names.kind, bytes: Buffer.byteLength(JSON.stringify(object)) }).toEqual({ group: crd.group, kind: crd.kind, bytes: crd.bytes });
  });
});

describe('chart facts follow the values', () => {
  const first = environments[0]!.name;
  const factsOf = (env: RenderedEnvironment, application: string) => env.charts.find((c) => c.application === application)!.facts;

  it('every Helm component declares facts for the chart version it pins', () => {
    for (const env of environments) for (const chart of env.charts) expect(chart.facts.chartVersion, `${env.name} ${chart.application}`).toBe(chart.version);
  });

  it('Loki without caches brings no memcached images and no scrape of the exporters', () => {
    const on = renderVariant(first, (p: Mutable<PlatformConfig>) => (p.logging.loki.cachesEnabled = true));
    const off = renderVariant(first, (p: Mutable<PlatformConfig>) => (p.logging.loki.cachesEnabled = false));
    expect(factsOf(on, 'logging').scrapes.map((s) => s.port)).toEqual([3100, 9150]);
    expect(factsOf(off, 'logging').scrapes.map((s) => s.port)).toEqual([3100]);
    expect(factsOf(on, 'logging').images.filter((i) => i.includes('memcached'))).toHaveLength(2);
    expect(factsOf(off, 'logging').images.filter((i) => i.includes('memcached'))).toEqual([]);
  });

  it('the ingress controller decides which chart\'s facts apply', () => {
    const traefik = renderVariant(first, (p: Mutable<PlatformConfig>) => (p.ingress.controller = 'traefik'));
    expect(factsOf(traefik, 'ingress').crds.some((c) => c.group === 'traefik.io')).toBe(true);
    expect(factsOf(traefik, 'ingress').webhooks).toEqual([]);
  });
});

describe('the whole platform passes the rules in every environment, and the chart defects are caught', () => {
  it.each(environments.map((env) => [env.environment, env] as const))('%s: no rule error over dist/ and the charts\' facts', (_name, env) => {
    expect(ruleFindings(env)).toEqual([]);
  });

  it('External Secrets without server-side apply: its store CRDs exceed the client-side apply limit', () => {
    const env = environments[0]!;
    const charts = env.objects.map((o) => o.object.kind === 'Application' && o.object.metadata.name === 'external-secrets' ? { ...o, object: { ...o.object, spec: { ...(o.object.spec as object), syncPolicy: { syncOptions: [] } } } } : o);
    const findings = ruleFindings({ ...env, objects: charts });
    expect(findings.filter((f) => f.startsWith('crd-apply-size')).map((f) => f.replace(/ is \d+ bytes/, ' is N bytes'))).toEqual([
      'crd-apply-size: chart external-secrets (Application external-secrets): CRD ClusterSecretStore.external-secrets.io is N bytes as compact JSON, over 262144, and Application external-secrets does not set ServerSideApply=true',
      'crd-apply-size: chart external-secrets (Application external-secrets): CRD SecretStore.external-secrets.io is N bytes as compact JSON, over 262144, and Application external-secrets does not set ServerSideApply=true',
    ]);
  });

  it('ServiceMonitors of Argo CD, cert-manager, Kyverno and ingress-nginx before the CRDs: an error when the CRDs come with kube-prometheus-stack', () => {
    const env = environments[0]!;
    // The layout before prometheus-crds: no early CRD Application, kube-prometheus-stack installing them at wave -1.
    const withoutCrdApp = env.objects.filter((o) => !(o.object.kind === 'Application' && o.object.metadata.name === 'prometheus-crds'));
    const charts = env.charts.filter((c) => c.application !== 'prometheus-crds').map((c) => (c.application === 'monitoring' ? { ...c, facts: { ...c.facts, crds: env.charts.find((p) => p.application === 'prometheus-crds')!.facts.crds } } : c));
    const findings = ruleFindings({ ...env, objects: withoutCrdApp, charts }).filter((f) => f.startsWith('argocd-crd-sync-order') && f.includes('ServiceMonitor'));
    expect(findings.map((f) => /Application ([-a-z]+)\)/.exec(f)![1]).sort()).toEqual(['argo-cd', 'cert-manager', 'external-secrets', 'ingress', 'kyverno']);
  });
});
