import type { BackupConfig } from '../../../src/config/platform/backup';

/**
 * The two Velero schedules of the reference architecture. Defined once: the backup component
 * renders them as Schedules (once per storage location), the restore templates restore from them
 * by name, and the monitoring component alerts when one has not succeeded within its window.
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

/** The cluster's own BackupStorageLocation (the overlay's backup.storage), Velero's default. */
export const PRIMARY_LOCATION = 'default';

/** The second region's BackupStorageLocation (the overlay's backup.replica). */
export const REPLICA_LOCATION = 'replica';

/** One Schedule as rendered: a definition writing to one location. */
export interface LocatedBackupSchedule extends BackupScheduleDefinition {
  /** Which of the two reference schedules this is. */
  readonly definition: BackupScheduleDefinition;
  /** The BackupStorageLocation its backups (and their volume data) are written to. */
  readonly location: string;
}

/**
 * Every Schedule the overlay's backup section renders: each definition into the primary
 * location, and with a replica also into the replica as `<name>-replica`. Velero writes one
 * backup to exactly one location, and its documented way to keep copies in several is one
 * Schedule per location (velero docs, locations.md: Limitations).
 */
export function backupSchedulesOf(config: BackupConfig): LocatedBackupSchedule[] {
  const located = (definition: BackupScheduleDefinition, location: string, name: string): LocatedBackupSchedule => ({ ...definition, name, definition, location });
  return [
    ...BACKUP_SCHEDULES.map((definition) => located(definition, PRIMARY_LOCATION, definition.name)),
    ...(config.replica ? BACKUP_SCHEDULES.map((definition) => located(definition, REPLICA_LOCATION, `${definition.name}-${REPLICA_LOCATION}`)) : []),
  ];
}
