import { describe, expect, it } from 'vitest';
import { renderRepository } from '../support/repo';
import { upstreamAvailable } from '../support/crd-schemas-issue4';
import { unknownValuePaths, upstreamValues, withSubchart } from '../support/helm-values-issue4';
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
    ],
  },
};

describe.skipIf(!upstreamAvailable()).each(environments.map((env) => [env.name, env] as const))('Helm values of issue-4 components in %s', (_name, env) => {
  it.each(Object.keys(CHECKS))('sets only keys that exist in the upstream values.yaml: %s', (application) => {
    const check = CHECKS[application]!;
    const values = helmSourceOf(applicationNamed(env, application)).helm.valuesObject;
    expect(unknownValuePaths(values, check.upstream(), check.exceptions)).toEqual([]);
  });
});

describe.skipIf(!upstreamAvailable())('unknownValuePaths', () => {
  it('reports a misspelt key and accepts keys below free-form upstream maps', () => {
    const upstream = { prometheus: { prometheusSpec: { retention: '10d', resources: {} } } };
    expect(unknownValuePaths({ prometheus: { prometheusSpec: { retension: '7d', resources: { requests: { cpu: '1' } } } } }, upstream)).toEqual(['prometheus.prometheusSpec.retension']);
  });
});
