import { LOGGING_NAMESPACE, MONITORING_NAMESPACE } from '../../lib/platform-names';
import { BACKUP_SCHEDULES, VELERO_NAMESPACE } from '../backup/velero-schedules';
import { LOG_SHIPPER_NAMESPACE } from '../logging/log-shipper-chart';
import { STACKROX_NAMESPACE, STACKROX_OPERATOR_NAMESPACE } from '../stackrox/stackrox-chart';
import { TEE_NODES_NAMESPACE } from '../tee-nodes/tee-nodes-chart';
import { NODE_EXPORTER_NAMESPACE } from './node-exporter-namespace';
import { ALERT_THRESHOLDS as T } from './alert-thresholds';
import { layoutPanels, type Dashboard, type DatasourceRef, type FieldDefaults, type PanelDraft, type QueryTarget } from './grafana-dashboard-model';

/** Datasource uids: Prometheus is provisioned by kube-prometheus-stack, Loki by this component. */
export const PROMETHEUS_DATASOURCE: DatasourceRef = { type: 'prometheus', uid: 'prometheus' };
export const LOKI_DATASOURCE: DatasourceRef = { type: 'loki', uid: 'loki' };

/**
 * Namespaces whose errors the overview lists: this layer's components, and platform layer I's
 * operators by their conventional namespaces (a namespace that does not exist matches nothing).
 */
const PLATFORM_NAMESPACES = [MONITORING_NAMESPACE, NODE_EXPORTER_NAMESPACE, LOGGING_NAMESPACE, LOG_SHIPPER_NAMESPACE, VELERO_NAMESPACE, STACKROX_OPERATOR_NAMESPACE, STACKROX_NAMESPACE, TEE_NODES_NAMESPACE, 'cert-manager', 'external-secrets', 'kyverno'];

function prometheus(expr: string, legendFormat?: string, instant = false): QueryTarget {
  return { refId: 'A', datasource: PROMETHEUS_DATASOURCE, expr, ...(legendFormat ? { legendFormat } : {}), ...(instant ? { instant } : {}) };
}

function thresholds(warnAt: number, redAt?: number): FieldDefaults['thresholds'] {
  return {
    mode: 'absolute',
    steps: [{ color: 'green', value: null }, { color: 'orange', value: warnAt }, ...(redAt === undefined ? [] : [{ color: 'red' as const, value: redAt }])],
  };
}

function timeseries(title: string, description: string, target: QueryTarget, defaults: FieldDefaults): PanelDraft {
  return {
    type: 'timeseries',
    title,
    description,
    datasource: target.datasource,
    targets: [target],
    fieldConfig: { defaults: { ...defaults, custom: { thresholdsStyle: { mode: 'line' } } }, overrides: [] },
    options: { legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['max', 'lastNotNull'] }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

function stat(title: string, description: string, target: QueryTarget, defaults: FieldDefaults): PanelDraft {
  return {
    type: 'stat',
    title,
    description,
    datasource: target.datasource,
    targets: [target],
    fieldConfig: { defaults, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none', textMode: 'value_and_name' },
  };
}

/**
 * The platform overview: the same signals the PlatformAlertRules alert on (same thresholds), plus
 * firing alerts, log volume and recent platform errors. One dashboard an on-call engineer opens first.
 */
export function platformOverviewDashboard(): Dashboard {
  const slowestBackupWindowHours = Math.max(...BACKUP_SCHEDULES.map((s) => s.intervalHours));
  const panels = layoutPanels([
    stat('Firing alerts', 'Alerts currently firing, by severity.', prometheus('sum by (severity) (ALERTS{alertstate="firing", alertname!="Watchdog"})', '{{severity}}', true), { unit: 'none', thresholds: thresholds(1) }),
    stat('Nearest certificate expiry', `Days until the next cert-manager certificate expires (alert below ${T.certificateExpiryDays}).`, prometheus('min(certmanager_certificate_expiration_timestamp_seconds - time()) / 86400', 'days', true), {
      unit: 'none',
      decimals: 0,
      thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: T.certificateExpiryDays }] },
    }),
    stat('Hours since last backup', 'Per Velero schedule: hours since the last successful backup.', prometheus('(time() - velero_backup_last_successful_timestamp) / 3600', '{{schedule}}', true), {
      unit: 'none',
      decimals: 1,
      thresholds: thresholds(slowestBackupWindowHours),
    }),
    stat('Log ingestion', 'Bytes per second received by Loki.', prometheus('sum(rate(loki_distributor_bytes_received_total[5m]))', 'ingested', true), { unit: 'Bps' }),
    timeseries('Node CPU utilisation', `Alert: above ${T.nodeUtilisationPercent}% for ${T.sustainedFor}.`, prometheus('(1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))) * 100', '{{instance}}'), {
      unit: 'percent',
      min: 0,
      max: 100,
      thresholds: thresholds(T.nodeUtilisationPercent),
    }),
    timeseries('Node memory utilisation', `Alert: above ${T.nodeUtilisationPercent}% for ${T.sustainedFor}.`, prometheus('(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100', '{{instance}}'), {
      unit: 'percent',
      min: 0,
      max: 100,
      thresholds: thresholds(T.nodeUtilisationPercent),
    }),
    timeseries('Persistent volume usage', `Alert: above ${T.volumeUsedPercent}%, or predicted full within ${T.volumePredictionHorizonHours}h.`, prometheus('kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes * 100', '{{namespace}}/{{persistentvolumeclaim}}'), {
      unit: 'percent',
      min: 0,
      max: 100,
      thresholds: thresholds(T.volumeUsedPercent),
    }),
    timeseries('Successful backups per hour', 'Velero backups completed per hour, by schedule (failures raise VeleroBackupFailed).', prometheus('sum by (schedule) (increase(velero_backup_success_total[1h]))', '{{schedule}}'), { unit: 'none', min: 0 }),
    {
      type: 'logs',
      title: 'Platform errors',
      description: 'Recent log lines containing "error" from the platform namespaces.',
      datasource: LOKI_DATASOURCE,
      targets: [{ refId: 'A', datasource: LOKI_DATASOURCE, expr: `{namespace=~"${PLATFORM_NAMESPACES.join('|')}"} |~ "(?i)error"` }],
      options: { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true },
    },
  ]);
  return {
    uid: 'platform-overview',
    title: 'Platform overview',
    description: 'Capacity, certificates, backups and errors of the platform (rendered by gitops-platform; edit the code, not the UI).',
    tags: ['platform', 'gitops-platform'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    graphTooltip: 1,
    refresh: '1m',
    time: { from: 'now-24h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels,
  };
}
