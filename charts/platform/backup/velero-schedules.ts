/**
 * The two Velero schedules of the reference architecture. Defined once: the backup component
 * renders them as Schedules and the monitoring component alerts when one has not succeeded
 * within its window.
 */
export interface BackupScheduleDefinition {
  /** Schedule name; Velero labels its backups and metrics (`schedule="..."`) with it. */
  readonly name: string;
  /** Cron expression (UTC, Velero's controller time zone). */
  readonly cron: string;
  /** Hours between two runs of the cron expression. */
  readonly intervalHours: number;
}

/** Whole cluster, every night at 02:00. */
export const DAILY_FULL_BACKUP: BackupScheduleDefinition = { name: 'daily-full', cron: '0 2 * * *', intervalHours: 24 };

/** The critical namespaces (overlay list), every 6 hours. */
export const CRITICAL_BACKUP: BackupScheduleDefinition = { name: 'critical-6h', cron: '0 */6 * * *', intervalHours: 6 };

export const BACKUP_SCHEDULES: readonly BackupScheduleDefinition[] = [DAILY_FULL_BACKUP, CRITICAL_BACKUP];

/**
 * Time a scheduled backup may take before "no successful backup within the window" fires: one
 * interval plus this grace (a large backup can run for a while after its start time).
 */
export const BACKUP_GRACE_HOURS = 2;

/** Namespace Velero runs in. */
export const VELERO_NAMESPACE = 'velero';
