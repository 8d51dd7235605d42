/**
 * Every upstream Helm chart the platform installs, pinned to an exact version. The one place to
 * bump a chart: Renovate's regex manager reads the comment above each entry (see renovate.json5).
 * Versions match the upstream data in ../shared/upstream/charts (see its SOURCES.md).
 */
export interface HelmChartRef {
  readonly chart: string;
  readonly repoURL: string;
  readonly version: string;
}

export const HELM_CHARTS = {
  // renovate: datasource=helm depName=ingress-nginx registryUrl=https://kubernetes.github.io/ingress-nginx
  ingressNginx: { chart: 'ingress-nginx', repoURL: 'https://kubernetes.github.io/ingress-nginx', version: '4.15.1' },
  // renovate: datasource=helm depName=traefik registryUrl=https://traefik.github.io/charts
  traefik: { chart: 'traefik', repoURL: 'https://traefik.github.io/charts', version: '41.3.0' },
  // renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
  certManager: { chart: 'cert-manager', repoURL: 'https://charts.jetstack.io', version: 'v1.21.1' },
  // renovate: datasource=helm depName=external-secrets registryUrl=https://charts.external-secrets.io
  externalSecrets: { chart: 'external-secrets', repoURL: 'https://charts.external-secrets.io', version: '2.9.0' },
  // renovate: datasource=helm depName=kyverno registryUrl=https://kyverno.github.io/kyverno/
  kyverno: { chart: 'kyverno', repoURL: 'https://kyverno.github.io/kyverno/', version: '3.9.0' },
  // renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
  kubePrometheusStack: { chart: 'kube-prometheus-stack', repoURL: 'https://prometheus-community.github.io/helm-charts', version: '88.5.3' },
  // renovate: datasource=helm depName=prometheus-operator-crds registryUrl=https://prometheus-community.github.io/helm-charts
  prometheusOperatorCrds: { chart: 'prometheus-operator-crds', repoURL: 'https://prometheus-community.github.io/helm-charts', version: '31.0.1' },
  // renovate: datasource=helm depName=loki registryUrl=https://grafana-community.github.io/helm-charts
  loki: { chart: 'loki', repoURL: 'https://grafana-community.github.io/helm-charts', version: '18.11.0' },
  // renovate: datasource=helm depName=alloy registryUrl=https://grafana.github.io/helm-charts
  alloy: { chart: 'alloy', repoURL: 'https://grafana.github.io/helm-charts', version: '1.11.1' },
  // renovate: datasource=helm depName=velero registryUrl=https://vmware-tanzu.github.io/helm-charts
  velero: { chart: 'velero', repoURL: 'https://vmware-tanzu.github.io/helm-charts', version: '12.1.0' },
  // renovate: datasource=helm depName=stackrox-operator registryUrl=https://raw.githubusercontent.com/stackrox/helm-charts/main/opensource/
  stackroxOperator: { chart: 'stackrox-operator', repoURL: 'https://raw.githubusercontent.com/stackrox/helm-charts/main/opensource/', version: '4.11.1' },
  // renovate: datasource=helm depName=node-feature-discovery registryUrl=https://kubernetes-sigs.github.io/node-feature-discovery/charts
  nodeFeatureDiscovery: { chart: 'node-feature-discovery', repoURL: 'https://kubernetes-sigs.github.io/node-feature-discovery/charts', version: '0.19.0' },
  // renovate: datasource=helm depName=argo-cd registryUrl=https://argoproj.github.io/argo-helm
  argoCd: { chart: 'argo-cd', repoURL: 'https://argoproj.github.io/argo-helm', version: '10.1.1' },
  // renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server/
  metricsServer: { chart: 'metrics-server', repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', version: '3.13.1' },
  // Published only to an OCI registry: the registry path without oci:// (Argo CD's Helm OCI form, helm-repository.ts).
  // renovate: datasource=docker depName=ghcr.io/confidential-containers/charts/confidential-containers
  confidentialContainers: { chart: 'confidential-containers', repoURL: 'ghcr.io/confidential-containers/charts', version: '0.16.0' },
  // renovate: datasource=helm depName=external-dns registryUrl=https://kubernetes-sigs.github.io/external-dns/
  externalDns: { chart: 'external-dns', repoURL: 'https://kubernetes-sigs.github.io/external-dns/', version: '1.21.1' },
} as const satisfies Record<string, HelmChartRef>;
