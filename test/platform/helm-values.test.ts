import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { renderRepository } from '../support/repo';
import { helmSourceOf, objectsOf, productionEnvironment, renderVariant, sourcesOf, type ApplicationObject } from '../support/platform';
import { upstreamFolder } from '../support/upstream';

const charts = upstreamFolder('charts', 'Helm values tests (typed values against the charts\' values.yaml and values.schema.json)');

type Values = Record<string, unknown>;

/** Helm's coalescing of user values over the chart's values.yaml: maps merge, the rest replaces. */
function coalesce(defaults: unknown, overrides: unknown): unknown {
  if (!isMap(defaults) || !isMap(overrides)) return overrides === undefined ? defaults : overrides;
  const result: Values = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) result[key] = coalesce(defaults[key], value);
  return result;
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keys whose values are free-form maps in every chart (any key is legal below them), including
 * Kubernetes types the charts pass through whole ([Pod]SecurityContext, ResourceRequirements).
 */
const FREE_FORM = new Set(['nodeSelector', 'annotations', 'additionalAnnotations', 'labels', 'additionalLabels', 'externalLabels', 'resources', 'securityContext', 'podSecurityContext', 'containerSecurityContext']);

/**
 * Dotted paths of keys we set that the chart's values.yaml does not have: for charts without a
 * values.schema.json this is what catches a misspelt key, which Helm would silently ignore.
 * `documented` lists keys the chart documents only in a comment (e.g. `# maxUnavailable: 1`).
 */
function unknownKeys(ours: Values, upstream: Values, documented: ReadonlySet<string>, prefix = ''): string[] {
  return Object.entries(ours).flatMap(([key, value]) => {
    const dotted = `${prefix}${key}`;
    if (documented.has(dotted)) return [];
    if (!(key in upstream)) return [dotted];
    const theirs = upstream[key];
    if (FREE_FORM.has(key) || !isMap(value) || !isMap(theirs)) return [];
    return unknownKeys(value, theirs, documented, `${dotted}.`);
  });
}

/** Whether the chart publishes a values.schema.json (Helm validates values against it at render time). */
const hasValuesSchema = (chart: string): boolean => existsSync(path.join(charts.dir, chart, 'values.schema.json'));
/** Keys the upstream values.yaml documents in a comment only. */
const DOCUMENTED_IN_COMMENTS: Record<string, ReadonlySet<string>> = {
  'ingress-nginx': new Set(['controller.maxUnavailable']),
  kyverno: new Set(),
  // `# bucketNames:` is a comment in values.yaml (the storage helpers read it); compactor,
  // limits_config and schemaConfig are Loki config sections rendered verbatim (toYaml).
  loki: new Set(['loki.storage.bucketNames', 'loki.compactor', 'loki.limits_config', 'loki.schemaConfig']),
  // Subcharts whose values.yaml is not in the upstream data (kube-state-metrics 8.4.0,
  // prometheus-node-exporter 4.56.1): `resources` is a top-level key of both. storageSpec's volumeClaimTemplate is documented
  // in a comment under `storageSpec: {}`.
  'kube-prometheus-stack': new Set(['kube-state-metrics.resources', 'prometheus-node-exporter.resources', 'prometheus-node-exporter.priorityClassName', 'prometheus.prometheusSpec.storageSpec']),
  // `# priorityClassName: ""` is a comment under manager in values.yaml; the template reads it.
  'stackrox-operator': new Set(['manager.priorityClassName']),
  // configs.cm and configs.params are copied verbatim into argocd-cm and argocd-cmd-params-cm:
  // their keys are Argo CD's settings (operator-manual argocd-cm.yaml, argocd-cmd-params-cm.yaml),
  // not the chart's, and values.yaml shows only examples of them.
  'argo-cd': new Set([
    'configs.cm.resource.compareoptions',
    'configs.cm.resource.customizations.health.argoproj.io_Application',
    'configs.cm.resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration',
    'configs.cm.resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration',
    'configs.params.controller.diff.server.side',
  ]),
  // `# maxUnavailable: 1` and `# unhealthyPodEvictionPolicy: AlwaysAllow`; the (strict) schema has them.
  'cert-manager': new Set(['', 'webhook.', 'cainjector.'].flatMap((p) => [`${p}podDisruptionBudget.maxUnavailable`, `${p}podDisruptionBudget.unhealthyPodEvictionPolicy`])),
};

/**
 * Subcharts bundled by a chart whose values.yaml the upstream data has: their keys are checked
 * against the subchart's own values.yaml (grafana 12.11.1 is the version kube-prometheus-stack
 * bundles; kata-deploy 3.22.0 the one confidential-containers 0.16.0 bundles as kata-as-coco-runtime).
 */
const SUBCHARTS: Record<string, Record<string, string>> = { 'kube-prometheus-stack': { grafana: 'grafana' }, 'confidential-containers': { 'kata-as-coco-runtime': 'kata-deploy' } };

function chartValues(chart: string): Values {
  return parse(readFileSync(path.join(charts.dir, chart, 'values.yaml'), 'utf8')) as Values;
}

/** The chart's values.yaml with each known subchart's values.yaml merged under its key. */
function valuesWithSubcharts(chart: string): Values {
  const values = chartValues(chart);
  for (const [key, subchart] of Object.entries(SUBCHARTS[chart] ?? {})) values[key] = coalesce(chartValues(subchart), values[key]);
  return values;
}

function helmSources(env: RenderedEnvironment) {
  return objectsOf<ApplicationObject>(env, 'Application')
    .filter((a) => sourcesOf(a).some((s) => s.chart))
    .map((a) => helmSourceOf(a));
}

describe.skipIf(!charts.available)('typed Helm values against the upstream charts', async () => {
  const environments = await renderRepository();
  const traefik = { ...renderVariant(productionEnvironment(), (p) => void (p.ingress.controller = 'traefik')), name: `${productionEnvironment()} with traefik` };
  const validators = new Map<string, ReturnType<Ajv['compile']>>();
  const validatorFor = (chart: string) => {
    let validate = validators.get(chart);
    if (!validate) {
      const schema = JSON.parse(readFileSync(path.join(charts.dir, chart, 'values.schema.json'), 'utf8')) as AnySchema & { $schema?: string };
      // Formats are not validated: the Kubernetes ones (int32, int64) are unknown to ajv and only
      // warned about; the values' structure and types are what this checks.
      const ajv = schema.$schema?.includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true, validateFormats: false }) : new Ajv({ strict: false, allErrors: true, validateFormats: false });
      validate = ajv.compile(schema);
      validators.set(chart, validate);
    }
    return validate;
  };

  describe.each([...environments, traefik].map((env) => [env.environment, env] as const))('%s', (_name, env) => {
    it('pins every chart to the version whose values.yaml is in the upstream data', () => {
      for (const source of helmSources(env)) {
        const chartYaml = parse(readFileSync(path.join(charts.dir, source.chart!, 'Chart.yaml'), 'utf8')) as { version: string };
        // cert-manager's Chart.yaml in git says v0.0.0 and node-feature-discovery's 0.2.1; both are
        // set at release time (see SOURCES.md), so the published version differs from the file.
        if (source.chart !== 'cert-manager' && source.chart !== 'node-feature-discovery') expect(source.targetRevision, source.chart).toBe(chartYaml.version);
      }
    });

    it('passes each chart\'s values.schema.json after Helm merges our values over the defaults', () => {
      for (const source of helmSources(env).filter((s) => hasValuesSchema(s.chart!))) {
        const defaults = parse(readFileSync(path.join(charts.dir, source.chart!, 'values.yaml'), 'utf8')) as Values;
        const validate = validatorFor(source.chart!);
        const valid = validate(coalesce(defaults, source.helm.valuesObject));
        expect(valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`), source.chart).toEqual([]);
      }
    });

    it('sets only keys that exist in the chart\'s values.yaml (schemas do not all reject unknown keys)', () => {
      for (const source of helmSources(env)) {
        const file = path.join(charts.dir, source.chart!, 'values.yaml');
        expect(existsSync(file), file).toBe(true);
        expect(unknownKeys(source.helm.valuesObject, valuesWithSubcharts(source.chart!), DOCUMENTED_IN_COMMENTS[source.chart!] ?? new Set()), source.chart).toEqual([]);
      }
    });
  });

  it('fails when a key is misspelt (the checks are not vacuous)', () => {
    const upstream = parse(readFileSync(path.join(charts.dir, 'ingress-nginx', 'values.yaml'), 'utf8')) as Values;
    expect(unknownKeys({ controller: { replicaCont: 2, nodeSelector: { anything: 'x' } } }, upstream, new Set())).toEqual(['controller.replicaCont']);
    const defaults = parse(readFileSync(path.join(charts.dir, 'traefik', 'values.yaml'), 'utf8')) as Values;
    expect(validatorFor('traefik')(coalesce(defaults, { ingressClass: { isDefault: true } }))).toBe(false);
  });
});
