/**
 * Folder of a cluster's dist tree whose objects no Argo CD Application syncs, on purpose: an
 * operator applies them by hand, and only into a replacement cluster (docs/RUNBOOK-restore.md).
 * A Velero Restore synced by Argo CD would run against the live cluster on every sync, so the
 * check proves no Application's path covers this folder (rule `restore-operator-applied`).
 */
export const RESTORE_FOLDER = 'restore';

/** Whether a file or folder (path below the cluster's tree) is in the operator-applied folder. */
export function isOperatorApplied(path: string): boolean {
  return path === RESTORE_FOLDER || path.startsWith(`${RESTORE_FOLDER}/`);
}
