import { Construct } from 'constructs';
import {
  PrometheusRule,
  PrometheusRuleSpecGroupsRulesExpr,
  type PrometheusRuleSpecGroups,
  type PrometheusRuleSpecGroupsRules,
} from '../../../imports/prometheus-operator-prometheusrule-monitoring.coreos.com';
import { afterHelmCrds } from '../../lib/sync-options';
import { BACKUP_GRACE_HOURS, BACKUP_SCHEDULES, type BackupScheduleDefinition } from '../backup/velero-schedules';
import { ALERT_THRESHOLDS as T } from './alert-thresholds';

export interface PlatformAlertRulesProps {
  /** Name of the PrometheusRule. */
  readonly name: string;
  /** Backup schedules to watch. @default BACKUP_SCHEDULES */
  readonly backupSchedules?: readonly BackupScheduleDefinition[];
}

type Severity = 'warning' | 'critical';

/** One alerting rule; the expression is plain PromQL, kept on one line for readable diffs. */
interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
}

/**
 * The capacity and safety rules of the reference architecture, as one PrometheusRule that
 * Prometheus picks up from any namespace (ruleSelectorNilUsesHelmValues: false):
 * node CPU/memory, persistent volumes filling up, certificates about to expire, backups failing
 * or missing. kube-prometheus-stack's default rules stay on; these are the platform's own.
 */
export class PlatformAlertRules extends Construct {
  readonly groups: readonly PrometheusRuleSpecGroups[];

  constructor(scope: Construct, id: string, props: PlatformAlertRulesProps) {
    super(scope, id);
    const schedules = props.backupSchedules ?? BACKUP_SCHEDULES;
    this.groups = [
      group('platform.nodes', nodeRules()),
      group('platform.volumes', volumeRules()),
      group('platform.certificates', certificateRules()),
      group('platform.backups', backupRules(schedules)),
    ];
    const rule = new PrometheusRule(this, 'resource', { metadata: { name: props.name }, spec: { groups: [...this.groups] } });
    // The PrometheusRule CRD comes with this Application's kube-prometheus-stack chart.
    afterHelmCrds(rule);
  }
}

function group(name: string, rules: readonly AlertRule[]): PrometheusRuleSpecGroups {
  return { name, rules: rules.map(toRule) };
}

function toRule(rule: AlertRule): PrometheusRuleSpecGroupsRules {
  return {
    alert: rule.alert,
    expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
    ...(rule.for ? { for: rule.for } : {}),
    labels: { severity: rule.severity },
    annotations: { summary: rule.summary, description: rule.description },
  };
}

function nodeRules(): AlertRule[] {
  const pct = T.nodeUtilisationPercent;
  return [
    {
      alert: 'NodeCpuUtilisationHigh',
      expr: `(1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))) * 100 > ${pct}`,
      for: T.sustainedFor,
      severity: 'warning',
      summary: `Node CPU above ${pct}% for ${T.sustainedFor}`,
      description: `{{ $labels.instance }} has used {{ printf "%.0f" $value }}% CPU for ${T.sustainedFor}: add nodes or move workloads before latency suffers.`,
    },
    {
      alert: 'NodeMemoryUtilisationHigh',
      expr: `(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100 > ${pct}`,
      for: T.sustainedFor,
      severity: 'warning',
      summary: `Node memory above ${pct}% for ${T.sustainedFor}`,
      description: `{{ $labels.instance }} has used {{ printf "%.0f" $value }}% of its memory for ${T.sustainedFor}: the next pod may be evicted or OOM-killed.`,
    },
  ];
}

function volumeRules(): AlertRule[] {
  const horizonSeconds = T.volumePredictionHorizonHours * 3600;
  return [
    {
      alert: 'PersistentVolumeFillingUp',
      expr: `predict_linear(kubelet_volume_stats_available_bytes[${T.volumePredictionHistory}], ${horizonSeconds}) < 0`,
      for: '1h',
      severity: 'warning',
      summary: `Volume predicted full within ${T.volumePredictionHorizonHours}h`,
      description: `At the rate of the last ${T.volumePredictionHistory}, {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is full within ${T.volumePredictionHorizonHours} hours.`,
    },
    {
      alert: 'PersistentVolumeAlmostFull',
      expr: `kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes * 100 > ${T.volumeUsedPercent}`,
      for: T.sustainedFor,
      severity: 'critical',
      summary: `Volume more than ${T.volumeUsedPercent}% used`,
      description: `{{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ printf "%.0f" $value }}% full: expand it or clean up.`,
    },
  ];
}

function certificateRules(): AlertRule[] {
  const days = T.certificateExpiryDays;
  return [
    {
      alert: 'CertificateExpiringSoon',
      expr: `certmanager_certificate_expiration_timestamp_seconds - time() < ${days * 24 * 3600}`,
      for: '1h',
      severity: 'critical',
      summary: `Certificate expires within ${days} days`,
      description: `cert-manager Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than ${days} days: renewal (normally 30 days ahead) is failing.`,
    },
  ];
}

function backupRules(schedules: readonly BackupScheduleDefinition[]): AlertRule[] {
  const rules: AlertRule[] = [
    {
      alert: 'VeleroBackupFailed',
      expr: 'increase(velero_backup_failure_total[1h]) > 0 or increase(velero_backup_partial_failure_total[1h]) > 0',
      severity: 'critical',
      summary: 'A Velero backup failed',
      description: 'Backups of schedule {{ $labels.schedule }} failed or partially failed in the last hour: `velero backup describe` the newest one.',
    },
  ];
  for (const schedule of schedules) {
    const windowHours = schedule.intervalHours + BACKUP_GRACE_HOURS;
    const selector = `{schedule="${schedule.name}"}`;
    rules.push(
      {
        alert: 'VeleroBackupMissing',
        expr: `time() - velero_backup_last_successful_timestamp${selector} > ${windowHours * 3600}`,
        severity: 'critical',
        summary: `No successful ${schedule.name} backup for ${windowHours}h`,
        description: `Schedule ${schedule.name} (${schedule.cron}) has not completed a backup in ${windowHours} hours.`,
      },
      {
        // The timestamp only exists after a first success; its absence must not read as "fine".
        alert: 'VeleroBackupNeverSucceeded',
        expr: `absent(velero_backup_last_successful_timestamp${selector})`,
        for: `${windowHours}h`,
        severity: 'critical',
        summary: `Schedule ${schedule.name} has never completed a backup`,
        description: `No successful backup of schedule ${schedule.name} (${schedule.cron}) was recorded in ${windowHours} hours.`,
      },
    );
  }
  return rules;
}
