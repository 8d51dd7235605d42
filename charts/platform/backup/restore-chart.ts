import type { Construct } from 'constructs';
import { Restore } from '../../../imports/velero-restore-velero.io';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { FolderChart } from '../../lib/folder-chart';
import { RESTORE_FOLDER } from '../../lib/operator-applied';
import { backupSchedulesOf, CRITICAL_BACKUP, DAILY_FULL_BACKUP, VELERO_NAMESPACE, type LocatedBackupSchedule } from './velero-schedules';

export interface RestoreChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Namespaces the cluster restore leaves alone. The provider owns the kube-* namespaces of the new
 * cluster (restoring the old ones' objects there would fight its CNI, DNS and add-ons), and
 * Velero's own namespace comes from Git only: its locations are ReadOnly while restoring, and an
 * old copy must not come back.
 */
const NOT_RESTORED_NAMESPACES = ['kube-node-lease', 'kube-public', 'kube-system', VELERO_NAMESPACE];

/**
 * Kinds the cluster restore leaves alone, because Git re-creates them after the restore:
 * Argo CD's own kinds (root.yaml, applied after the restore, brings every Application back from
 * Git, so no old Application starts syncing half-restored namespaces), and the admission
 * webhooks and aggregated APIs, which their operators register again once they run (an old
 * webhook restored before its pods would reject every object it matches).
 */
const NOT_RESTORED_RESOURCES = [
  'applications.argoproj.io',
  'applicationsets.argoproj.io',
  'appprojects.argoproj.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'apiservices.apiregistration.k8s.io',
];

/**
 * The Velero Restores that rebuild this cluster from its backups, one pair per storage location:
 * `rebuild-cluster-from-<location>` (the newest daily whole-cluster backup, without the critical
 * namespaces) and then `rebuild-critical-from-<location>` (the newest 6-hourly backup of those,
 * up to 18 hours younger). Restoring by schedule name means Velero picks the newest successful
 * backup itself: no backup name to fill in at 3 a.m.
 *
 * Rendered into the cluster's dist tree (`restore/`) but synced by no Application: an operator
 * applies them into a replacement cluster (docs/RUNBOOK-restore.md). Existing objects are never
 * overwritten (existingResourcePolicy none): what Git already installed stays as Git has it.
 */
export class RestoreChart extends FolderChart {
  constructor(scope: Construct, props: RestoreChartProps) {
    // Its id is reserved as an app name (charts/lib/reserved-names.ts): both would be charts of the App.
    super(scope, RESTORE_FOLDER, { folder: RESTORE_FOLDER, namespace: VELERO_NAMESPACE });
    const config = props.environment.platform.backup;
    const critical = [...config.criticalNamespaces].sort();
    for (const schedule of backupSchedulesOf(config)) {
      if (schedule.definition === DAILY_FULL_BACKUP) this.clusterRestore(schedule, critical);
      if (schedule.definition === CRITICAL_BACKUP) this.criticalRestore(schedule, critical);
    }
  }

  private clusterRestore(schedule: LocatedBackupSchedule, critical: readonly string[]): void {
    new Restore(this, `cluster-from-${schedule.location}`, {
      metadata: { name: `rebuild-cluster-from-${schedule.location}` },
      spec: {
        scheduleName: schedule.name,
        // Their newer copy comes from the critical restore; restoring the older one first would
        // make that one skip every object as already there.
        excludedNamespaces: [...new Set([...NOT_RESTORED_NAMESPACES, ...critical])].sort(),
        excludedResources: NOT_RESTORED_RESOURCES,
        // Explicit: with excluded namespaces Velero would otherwise leave out every cluster-scoped object (CRDs included).
        includeClusterResources: true,
        existingResourcePolicy: 'none',
        restorePVs: true,
      },
    });
  }

  private criticalRestore(schedule: LocatedBackupSchedule, critical: readonly string[]): void {
    new Restore(this, `critical-from-${schedule.location}`, {
      metadata: { name: `rebuild-critical-from-${schedule.location}` },
      spec: {
        scheduleName: schedule.name,
        includedNamespaces: [...critical],
        existingResourcePolicy: 'none',
        restorePVs: true,
      },
    });
  }
}

