import { describe, expect, it } from 'vitest';
import { renderRepository } from '../support/repo';
import { unknownValuePaths, upstreamAvailable, upstreamValues, valuesSchemaErrors, withSubchart } from '../support/helm-values-issue4';
import { applicationNamed, helmSourceOf } from '../support/rendered-issue4';

const environments = await renderRepository();
if (!upstreamAvailable()) console.warn('helm-values-issue4: ../shared/upstream is missing (set GITOPS_UPSTREAM_DIR); skipping the upstream values.yaml key checks');

/**
 * Per Application: the upstream values.yaml to check against, and the keys accepted without a
 * values.yaml entry, each with the reason.
 */
const CHECKS: Record<string, { readonly upstream: () => unknown; readonly exceptions: readonly string[] }> = {
  monitoring: {
    // grafana 12.11.1 is the same chart and version kube-prometheus-stack bundles.
    upstream: () => withSubchart(upstreamValues('kube-prometheus-stack'), 'grafana', upstreamValues('grafana')),
    exceptions: [
      // Subcharts whose values.yaml is not in ../shared/upstream; `resources` is a top-level key
      // of both (prometheus-community/helm-charts kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1).
      'kube-state-metrics.resources',
      'prometheus-node-exporter.resources',
      'prometheus-node-exporter.priorityClassName',
    ],
  },
  logging: {
    upstream: () => upstreamValues('loki'),
    // values.yaml shows bucketNames only as a comment ("Please provide these values if you are
    // using object storage"); the chart's storage helpers read loki.storage.bucketNames.*.
    // limits_config is rendered verbatim (toYaml) into Loki's configuration: any Loki limit is valid.
    exceptions: ['loki.storage.bucketNames', 'loki.limits_config'],
  },
  'log-shipper': { upstream: () => upstreamValues('alloy'), exceptions: [] },
  backup: { upstream: () => upstreamValues('velero'), exceptions: [] },
  // `# priorityClassName: ""` is only a comment under `manager:` in values.yaml; the template reads it.
  stackrox: { upstream: () => upstreamValues('stackrox-operator'), exceptions: ['manager.priorityClassName'] },
  'tee-nodes': { upstream: () => upstreamValues('node-feature-discovery'), exceptions: [] },
};

describe.skipIf(!upstreamAvailable()).each(environments.map((env) => [env.name, env] as const))('Helm values of issue-4 components in %s', (_name, env) => {
  it.each(Object.keys(CHECKS))('sets only keys that exist in the upstream values.yaml: %s', (application) => {
    const check = CHECKS[application]!;
    const values = helmSourceOf(applicationNamed(env, application)).helm.valuesObject;
    expect(unknownValuePaths(values, check.upstream(), check.exceptions)).toEqual([]);
  });
});

/** Charts that publish a values.schema.json: the rendered values must validate against it. */
const SCHEMAS: Record<string, string> = { logging: 'loki', backup: 'velero', 'tee-nodes': 'node-feature-discovery' };

describe.skipIf(!upstreamAvailable()).each(environments.map((env) => [env.name, env] as const))('Helm values against values.schema.json in %s', (_name, env) => {
  it.each(Object.entries(SCHEMAS))('%s validates against the %s chart schema', (application, chart) => {
    const values = helmSourceOf(applicationNamed(env, application)).helm.valuesObject;
    expect(valuesSchemaErrors(chart, values)).toEqual([]);
  });
});

describe.skipIf(!upstreamAvailable())('unknownValuePaths', () => {
  it('reports a misspelt key and accepts keys below free-form upstream maps', () => {
    const upstream = { prometheus: { prometheusSpec: { retention: '10d', resources: {} } } };
    expect(unknownValuePaths({ prometheus: { prometheusSpec: { retension: '7d', resources: { requests: { cpu: '1' } } } } }, upstream)).toEqual(['prometheus.prometheusSpec.retension']);
    expect(unknownValuePaths({ a: { resources: { limits: { memory: '1Gi' } } } }, { a: { resources: { requests: { cpu: '1m' } } } })).toEqual([]);
    expect(unknownValuePaths({ a: { b: 1 } }, { a: { c: 1 } }, ['a.b'])).toEqual([]);
  });
});
