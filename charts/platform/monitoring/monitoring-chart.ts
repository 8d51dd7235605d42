import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { platformSecretScope } from '../../lib/secret-scope';
import { DistChart } from '../../lib/dist-chart';
import { fleetLabels } from '../../lib/fleet-labels';
import { ExternalSecret, type SecretKeyReference } from '../../lib/external-secret';
import type { RemoteWriteConfig } from '../../../src/config/platform/monitoring';
import { backupSchedulesOf } from '../backup/velero-schedules';
import { MONITORING_NAMESPACE, PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { inSyncWave } from '../../lib/sync-wave';
import { HELM_CHARTS } from '../../lib/versions';
import { GrafanaDashboard } from './grafana-dashboard';
import { kubePrometheusStackFacts } from './kube-prometheus-stack-facts';
import { kubePrometheusStackValues, type KubePrometheusStackValues, type RemoteWriteSecret } from './kube-prometheus-stack-values';
import { NODE_EXPORTER_NAMESPACE } from './node-exporter-namespace';
import { monitoringNetworkAllows, nodeExporterNetworkAllows } from './monitoring-network';
import { PlatformAlertRules } from './platform-alert-rules';
import { platformOverviewDashboard } from './platform-overview-dashboard';

const KUBE_PROMETHEUS_STACK_RELEASE = 'kube-prometheus-stack';

export interface MonitoringChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * kube-prometheus-stack (Prometheus, Alertmanager, Grafana, node-exporter, kube-state-metrics and
 * the prometheus-operator CRDs) plus what the chart does not provide: the namespaces with their
 * Pod Security levels, Grafana's admin and Alertmanager's webhook Secrets from Vault, the platform
 * alert rules and the platform overview dashboard.
 *
 * Wave -1: after the ingress tier and tenancy. The prometheus-operator CRDs come from the
 * prometheus-crds component (wave -6), so the chart's own CRD install is off (crds.enabled: false).
 * ServerSideApply: the chart's objects include large PrometheusRules and the Grafana dashboards.
 */
export class MonitoringChart extends DistChart {
  readonly values: KubePrometheusStackValues;

  constructor(scope: Construct, props: MonitoringChartProps) {
    const grafanaAdminSecret = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' };
    const oncallWebhookSecret = { name: 'alertmanager-oncall-webhook', urlKey: 'url' };
    const { environment } = props;
    const config = environment.platform.monitoring;
    const remoteWriteSecret = { name: 'prometheus-remote-write', usernameKey: 'username', passwordKey: 'password', tokenKey: 'token' };
    const values = kubePrometheusStackValues({
      config,
      nodeExporterNamespace: NODE_EXPORTER_NAMESPACE,
      grafanaAdminSecret,
      oncallWebhookSecret,
      priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS,
      fleetLabels: fleetLabels(environment),
      ...(config.remoteWrite && (config.remoteWrite.basicAuth || config.remoteWrite.bearerToken) ? { remoteWriteSecret } : {}),
    });
    super(scope, 'monitoring', {
      layer: 'platform',
      syncWave: -1,
      namespace: MONITORING_NAMESPACE,
      syncOptions: ['ServerSideApply=true'],
      helm: { chart: HELM_CHARTS.kubePrometheusStack, releaseName: KUBE_PROMETHEUS_STACK_RELEASE, values, facts: kubePrometheusStackFacts(values, KUBE_PROMETHEUS_STACK_RELEASE) },
    });
    this.values = values;

    const enforceVersion = props.environment.platform.tenancy.podSecurityVersion;
    const { apiServerCidrs } = props.environment.platform.network;
    new PlatformNamespace(this, 'namespace', { name: MONITORING_NAMESPACE, enforceVersion, allows: monitoringNetworkAllows(apiServerCidrs, config.controlPlane, config.remoteWrite) });
    new PlatformNamespace(this, 'namespace-node-exporter', {
      name: NODE_EXPORTER_NAMESPACE,
      podSecurity: 'privileged',
      enforceVersion,
      allows: nodeExporterNetworkAllows(),
      reason: 'node-exporter reads host metrics: hostNetwork, hostPID and a read-only hostPath mount of / (kept out of the monitoring namespace so Prometheus and Grafana stay restricted)',
    });

    const secretScope = platformSecretScope(environment.platform.externalSecrets);
    const secrets = [
      new ExternalSecret(this, 'grafana-admin', {
        name: grafanaAdminSecret.name,
        namespace: MONITORING_NAMESPACE,
        scope: secretScope,
        data: [
          { secretKey: grafanaAdminSecret.userKey, remoteKey: 'platform/monitoring/grafana-admin', property: 'user' },
          { secretKey: grafanaAdminSecret.passwordKey, remoteKey: 'platform/monitoring/grafana-admin', property: 'password' },
        ],
      }),
      new ExternalSecret(this, 'alertmanager-oncall-webhook', {
        name: oncallWebhookSecret.name,
        namespace: MONITORING_NAMESPACE,
        scope: secretScope,
        data: [{ secretKey: oncallWebhookSecret.urlKey, remoteKey: 'platform/monitoring/oncall-webhook', property: 'url' }],
      }),
    ];
    const remoteWriteCredentials = config.remoteWrite ? remoteWriteData(config.remoteWrite, remoteWriteSecret) : [];
    if (remoteWriteCredentials.length > 0) {
      secrets.push(new ExternalSecret(this, 'prometheus-remote-write', { name: remoteWriteSecret.name, namespace: MONITORING_NAMESPACE, scope: secretScope, data: remoteWriteCredentials }));
    }
    for (const secret of secrets) inSyncWave(secret, -1);

    // Every Schedule the backup component renders, the replica location's included.
    new PlatformAlertRules(this, 'alert-rules', { name: 'platform-capacity', backupSchedules: backupSchedulesOf(environment.platform.backup) });
    new GrafanaDashboard(this, 'dashboard-platform-overview', { dashboard: platformOverviewDashboard(), namespace: MONITORING_NAMESPACE });
  }
}

/** The Secret keys the remote-write credentials are written to, from the overlay's Vault references. */
function remoteWriteData(config: RemoteWriteConfig, secret: RemoteWriteSecret): SecretKeyReference[] {
  if (config.basicAuth) {
    return [
      { secretKey: secret.usernameKey, remoteKey: config.basicAuth.username.remoteKey, property: config.basicAuth.username.property },
      { secretKey: secret.passwordKey, remoteKey: config.basicAuth.password.remoteKey, property: config.basicAuth.password.property },
    ];
  }
  if (config.bearerToken) return [{ secretKey: secret.tokenKey, remoteKey: config.bearerToken.remoteKey, property: config.bearerToken.property }];
  return [];
}
