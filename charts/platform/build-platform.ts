import type { App } from 'cdk8s';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { AppDefinition } from '../lib/app-definition';
import { CertManagerChart } from './cert-manager/cert-manager-chart';
import { ClusterClassesChart } from './cluster-classes/cluster-classes-chart';
import { ExternalSecretsChart } from './external-secrets/external-secrets-chart';
import { IngressChart } from './ingress/ingress-chart';
import { KyvernoChart } from './kyverno/kyverno-chart';
import { TenancyChart } from './tenancy/tenancy-chart';
import { PrometheusCrdsChart } from './prometheus-crds/prometheus-crds-chart';
import { MonitoringChart } from './monitoring/monitoring-chart';
import { LoggingChart } from './logging/logging-chart';
import { LogShipperChart } from './logging/log-shipper-chart';
import { BackupChart } from './backup/backup-chart';
import { RestoreChart } from './backup/restore-chart';
import { StackroxChart } from './stackrox/stackrox-chart';
import { TeeNodesChart } from './tee-nodes/tee-nodes-chart';
import { isHub } from '../argocd/topology';
import { ArgoCdChart } from './argocd/argocd-chart';
import { MetricsServerChart } from './metrics-server/metrics-server-chart';
import { ConfidentialRuntimeChart } from './confidential-runtime/confidential-runtime-chart';
import { ExternalDnsChart } from './external-dns/external-dns-chart';

export interface PlatformProps {
  readonly environment: EnvironmentConfig;
  readonly apps: readonly AppDefinition[];
}

/** Every platform component of one environment, one DistChart (and Argo CD Application) each. */
export function buildPlatform(app: App, props: PlatformProps): void {
  new PrometheusCrdsChart(app);
  // In a hub-and-spoke environment the hub's Argo CD syncs this cluster from outside it.
  if (!isHub(props.environment)) new ArgoCdChart(app, props);
  new TenancyChart(app, props);
  new IngressChart(app, props);
  new CertManagerChart(app, props);
  new ExternalSecretsChart(app, props);
  new KyvernoChart(app, props);
  new ClusterClassesChart(app, props);
  new MonitoringChart(app, props);
  new LoggingChart(app, props);
  new LogShipperChart(app, props);
  new BackupChart(app, props);
  // Rendered for the operator, synced by no Application (charts/lib/operator-applied.ts).
  new RestoreChart(app, props);
  new StackroxChart(app, props);
  const { metricsServer, tenancy, network } = props.environment.platform;
  const { externalDns } = props.environment.platform;
  if (externalDns?.enabled) new ExternalDnsChart(app, { environment: props.environment, config: externalDns });
  if (metricsServer.enabled) new MetricsServerChart(app, { config: metricsServer, podSecurityVersion: tenancy.podSecurityVersion, apiServerCidrs: network.apiServerCidrs });
  // Only where the overlay declares a confidential-computing node pool.
  const tee = props.environment.platform.tee;
  if (tee) {
    new TeeNodesChart(app, { tee, podSecurityVersion: tenancy.podSecurityVersion, apiServerCidrs: network.apiServerCidrs });
    new ConfidentialRuntimeChart(app, { tee, podSecurityVersion: tenancy.podSecurityVersion, apiServerCidrs: network.apiServerCidrs });
  }
}
