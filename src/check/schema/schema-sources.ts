import path from 'node:path';
import { parse } from 'yaml';
import { DEFINITIONS_FILE } from './kubernetes-definitions';

/** One file `npm run fetch-schemas` downloads, and where it goes below the schema dir. */
export interface SchemaDownload {
  readonly url: string;
  /** Path below the schema dir, with '/' separators: k8s/v1.28/_definitions.json or crds/<repo>/<file>. */
  readonly target: string;
  readonly kind: 'kubernetes-definitions' | 'crd';
}

/**
 * The Kubernetes v1.28 definitions as published by cdk8s-team (the repository has no release
 * tags, so the commit is pinned; it is the one ../shared/upstream/SOURCES.md lists).
 */
export const KUBERNETES_DEFINITIONS_URL =
  'https://raw.githubusercontent.com/cdk8s-team/cdk8s/71f8cba7ecc809d861e837e842217202d5e5a16c/kubernetes-schemas/v1.28.0/_definitions.json';

const raw = (repo: string, ref: string, file: string): string => `https://raw.githubusercontent.com/${repo}/${ref}/${file}`;

/**
 * CRDs of every operator the platform installs, pinned to the same versions as the Helm charts
 * (charts/lib/versions.ts) and ../shared/upstream/SOURCES.md. cdk8s.yaml imports are fetched
 * too; this list adds the kinds the charts render without a typed import (and the siblings an
 * operator serves). Bump them together with the chart versions.
 */
export const PINNED_CRD_URLS: readonly string[] = [
  ...['application-crd.yaml', 'appproject-crd.yaml', 'applicationset-crd.yaml'].map((f) => raw('argoproj/argo-cd', 'v3.5.1', `manifests/crds/${f}`)),
  ...['certificates', 'clusterissuers', 'issuers'].map((k) => raw('cert-manager/cert-manager', 'v1.21.1', `deploy/crds/cert-manager.io_${k}.yaml`)),
  ...['externalsecrets', 'clusterexternalsecrets', 'secretstores', 'clustersecretstores'].map((k) =>
    raw('external-secrets/external-secrets', 'v2.9.0', `config/crds/bases/external-secrets.io_${k}.yaml`),
  ),
  ...['clusterpolicies', 'policies', 'policyexceptions'].map((k) => raw('kyverno/kyverno', 'v1.19.0', `config/crds/kyverno/kyverno.io_${k}.yaml`)),
  ...['validatingpolicies', 'imagevalidatingpolicies', 'policyexceptions'].map((k) =>
    raw('kyverno/kyverno', 'v1.19.0', `config/crds/policies.kyverno.io/policies.kyverno.io_${k}.yaml`),
  ),
  ...['servicemonitors', 'podmonitors', 'prometheusrules', 'alertmanagers', 'alertmanagerconfigs'].map((k) =>
    raw('prometheus-operator/prometheus-operator', 'v0.93.0', `example/prometheus-operator-crd/monitoring.coreos.com_${k}.yaml`),
  ),
  ...['schedules', 'backups', 'restores', 'backupstoragelocations', 'volumesnapshotlocations'].map((k) =>
    raw('vmware-tanzu/velero', 'v1.18.1', `config/crd/v1/bases/velero.io_${k}.yaml`),
  ),
  ...['volumesnapshotclasses', 'volumesnapshots', 'volumesnapshotcontents'].map((k) =>
    raw('kubernetes-csi/external-snapshotter', 'v8.6.0', `client/config/crd/snapshot.storage.k8s.io_${k}.yaml`),
  ),
  ...['centrals', 'securedclusters'].map((k) => raw('stackrox/stackrox', '4.11.2', `operator/config/crd/bases/platform.stackrox.io_${k}.yaml`)),
  // One upstream file with three CRDs (NodeFeature, NodeFeatureGroup, NodeFeatureRule); the catalog reads every document.
  raw('kubernetes-sigs/node-feature-discovery', 'v0.19.0', 'deployment/base/nfd-crds/nfd-api-crds.yaml'),
  ...['ingressroutes', 'ingressroutetcps', 'ingressrouteudps', 'middlewares', 'middlewaretcps', 'serverstransports', 'serverstransporttcps', 'tlsoptions', 'tlsstores', 'traefikservices'].map((k) =>
    raw('traefik/traefik-helm-chart', 'v41.3.0', `traefik/crds/traefik.io_${k}.yaml`),
  ),
];

/** The URLs of cdk8s.yaml's `imports:` (entries are `<module>:=<url>`; plain URLs are allowed too). */
export function cdk8sImportUrls(cdk8sYaml: string): string[] {
  const config: unknown = parse(cdk8sYaml);
  const imports = typeof config === 'object' && config !== null ? (config as { imports?: unknown }).imports : undefined;
  if (!Array.isArray(imports)) return [];
  return imports.map(String).map((entry) => (entry.includes(':=') ? entry.slice(entry.indexOf(':=') + 2) : entry)).filter((url) => /^https?:\/\//.test(url));
}

/**
 * Where a CRD URL is stored: crds/<repository>/<file name> for raw.githubusercontent.com URLs
 * (the layout of ../shared/upstream), crds/<host>/<file name> otherwise.
 */
export function crdTarget(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/').filter((s) => s !== '');
  const file = segments.at(-1);
  if (file === undefined || !/\.ya?ml$/.test(file)) throw new Error(`CRD URL ${url} must name a .yaml file`);
  const folder = parsed.hostname === 'raw.githubusercontent.com' && segments.length >= 3 ? segments[1]! : parsed.hostname;
  return `crds/${folder}/${file}`;
}

/** Everything to download: the Kubernetes definitions plus each distinct CRD URL once. */
export function schemaDownloads(crdUrls: readonly string[]): SchemaDownload[] {
  const downloads: SchemaDownload[] = [{ url: KUBERNETES_DEFINITIONS_URL, target: DEFINITIONS_FILE.split(path.sep).join('/'), kind: 'kubernetes-definitions' }];
  const byTarget = new Map<string, string>();
  for (const url of crdUrls) {
    const target = crdTarget(url);
    const previous = byTarget.get(target);
    if (previous === url) continue;
    if (previous !== undefined) throw new Error(`two CRD URLs would be stored as ${target}: ${previous} and ${url} (pin one version)`);
    byTarget.set(target, url);
    downloads.push({ url, target, kind: 'crd' });
  }
  return downloads;
}
