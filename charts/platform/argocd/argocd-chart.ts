import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { HELM_CHARTS } from '../../lib/versions';
import { PROMETHEUS_CRDS_SYNC_WAVE } from '../prometheus-crds/prometheus-crds-chart';
import { argoCdFacts } from './argocd-facts';
import { argocdNetworkAllows } from './argocd-network';
import { argoCdValues, type ArgoCdValues } from './argocd-values';

/** Helm release name: the bootstrap `helm install` must use the same one (README, docs/decisions/argocd.md). */
export const ARGOCD_RELEASE = 'argocd';

/** Right after the prometheus-operator CRDs: its ServiceMonitors need them, and nothing needs to wait for it. */
export const ARGOCD_SYNC_WAVE = PROMETHEUS_CRDS_SYNC_WAVE + 1;

export interface ArgoCdChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Argo CD itself, from the argo-cd chart, in the overlay's `argocd.namespace`: installed once by
 * hand with the same chart version and values, then upgraded from Git like every component
 * (docs/decisions/argocd.md). Its argocd-cm carries the Application health check the sync waves
 * rely on. It must never take itself down: server-side applied (the ApplicationSet CRD exceeds
 * the client-side apply limit), CRDs kept on uninstall, and no cascade on delete (deleting this
 * Application orphans Argo CD instead of deleting it).
 */
export class ArgoCdChart extends DistChart {
  readonly values: ArgoCdValues;

  constructor(scope: Construct, props: ArgoCdChartProps) {
    const { environment } = props;
    const namespace = environment.argocd.namespace;
    const values = argoCdValues();
    super(scope, 'argo-cd', {
      layer: 'platform',
      syncWave: ARGOCD_SYNC_WAVE,
      namespace,
      syncOptions: ['ServerSideApply=true'],
      keepResourcesOnDelete: true,
      helm: { chart: HELM_CHARTS.argoCd, releaseName: ARGOCD_RELEASE, values, facts: argoCdFacts(values, namespace) },
    });
    this.values = values;
    new PlatformNamespace(this, 'namespace', {
      name: namespace,
      enforceVersion: environment.platform.tenancy.podSecurityVersion,
      allows: argocdNetworkAllows(namespace, environment.platform.network.apiServerCidrs),
    });
  }
}
