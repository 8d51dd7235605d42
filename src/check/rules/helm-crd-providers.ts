import { HELM_CHARTS } from '../../../charts/lib/versions';
import { isRecord, type UnknownRecord } from '../pod-security/narrow';

/** The CRD API groups an upstream Helm chart installs, and whether the rendered values turn that on. */
export interface HelmCrdProvider {
  readonly groups: readonly string[];
  /** Whether these values install the CRDs (each chart's own default applies when a key is unset). */
  readonly installs: (values: UnknownRecord) => boolean;
  /** The value to set when they do not. */
  readonly hint: string;
}

function valueAt(values: UnknownRecord, ...keys: readonly string[]): unknown {
  let current: unknown = values;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

const always = (): boolean => true;

/**
 * CRD groups each chart of charts/lib/versions.ts installs (from the charts' values.yaml and
 * crds/ folders in ../shared/upstream/charts). A custom resource in dist/ needs a provider: a
 * CRD object, one of these charts in an Application, or Argo CD itself.
 */
export const HELM_CRD_PROVIDERS: ReadonlyMap<string, HelmCrdProvider> = new Map<string, HelmCrdProvider>([
  // cert-manager installs its CRDs only when asked (crds.enabled, or the deprecated installCRDs).
  [HELM_CHARTS.certManager.chart, { groups: ['cert-manager.io', 'acme.cert-manager.io'], installs: (v) => valueAt(v, 'crds', 'enabled') === true || valueAt(v, 'installCRDs') === true, hint: 'crds.enabled: true' }],
  [HELM_CHARTS.externalSecrets.chart, { groups: ['external-secrets.io', 'generators.external-secrets.io'], installs: (v) => valueAt(v, 'installCRDs') !== false, hint: 'installCRDs: true' }],
  [HELM_CHARTS.kyverno.chart, { groups: ['kyverno.io', 'policies.kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io', 'openreports.io'], installs: (v) => valueAt(v, 'crds', 'install') !== false, hint: 'crds.install: true' }],
  [HELM_CHARTS.kubePrometheusStack.chart, { groups: ['monitoring.coreos.com'], installs: (v) => valueAt(v, 'crds', 'enabled') !== false, hint: 'crds.enabled: true' }],
  [HELM_CHARTS.alloy.chart, { groups: ['monitoring.grafana.com'], installs: (v) => valueAt(v, 'crds', 'create') !== false, hint: 'crds.create: true' }],
  [HELM_CHARTS.velero.chart, { groups: ['velero.io'], installs: always, hint: '' }],
  [HELM_CHARTS.stackroxOperator.chart, { groups: ['platform.stackrox.io', 'config.stackrox.io'], installs: (v) => valueAt(v, 'crd', 'enable') !== false, hint: 'crd.enable: true' }],
  [HELM_CHARTS.nodeFeatureDiscovery.chart, { groups: ['nfd.k8s-sigs.io'], installs: always, hint: '' }],
  [HELM_CHARTS.traefik.chart, { groups: ['traefik.io', 'hub.traefik.io'], installs: always, hint: '' }],
]);

/** CRD groups that exist before the root Application: Argo CD's own, installed with Argo CD. */
export const BOOTSTRAP_CRD_GROUPS: ReadonlySet<string> = new Set(['argoproj.io']);
