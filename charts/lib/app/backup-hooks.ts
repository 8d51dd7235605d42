import type { Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { veleroPreBackupHookAnnotations } from '../velero-backup-hooks';

/**
 * Velero pre-backup hooks for an app that holds data: before each backup Velero execs the app's
 * dump command in its container, the dump lands in a dedicated emptyDir volume, and Velero's
 * file-system backup copies that volume. The platform's Velero component owns the cluster side
 * (node agent, Schedules, storage location); this file only shapes the pod template.
 */
export interface DatabaseBackup {
  /**
   * Command Velero runs in the app container before a backup, as an argument list (no shell:
   * start with '/bin/sh', '-c' to use environment variables). It must write into DUMP_MOUNT_PATH,
   * the only writable place besides /tmp (the root filesystem is read-only).
   */
  readonly dumpCommand: readonly string[];
  /**
   * How long Velero waits for the dump.
   * @default '10m'
   */
  readonly timeout?: string;
  /**
   * What a failed dump does to the backup: `Fail` marks it failed (alerts fire), `Continue` keeps it.
   * @default 'Fail'
   */
  readonly onError?: 'Fail' | 'Continue';
  /**
   * Size limit of the dump volume; a dump that grows past it gets the pod evicted, loudly.
   * @default '1Gi'
   */
  readonly dumpSizeLimit?: string;
}

export const DUMP_VOLUME = 'dump';
export const DUMP_MOUNT_PATH = '/dump';

/**
 * Pod template annotations (Velero reads hooks from the pod, not from the Deployment), in the
 * format charts/lib/velero-backup-hooks.ts defines for every workload with a pre-backup hook:
 * the command as a JSON array (Velero execs it without a shell), and the dump volume opted into
 * file-system backup (an emptyDir has no snapshot to take).
 */
export function backupHookAnnotations(container: string, backup: DatabaseBackup): Record<string, string> {
  return veleroPreBackupHookAnnotations({
    container,
    command: backup.dumpCommand,
    timeout: backup.timeout ?? '10m',
    onError: backup.onError ?? 'Fail',
    backupVolumes: [DUMP_VOLUME],
  });
}

export function dumpVolume(backup: DatabaseBackup): Volume {
  return { name: DUMP_VOLUME, emptyDir: { sizeLimit: backup.dumpSizeLimit ?? '1Gi' } };
}

export const dumpVolumeMount: VolumeMount = { name: DUMP_VOLUME, mountPath: DUMP_MOUNT_PATH };
