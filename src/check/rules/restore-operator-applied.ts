import { groupOf } from '../../../charts/lib/cluster-scoped';
import { isOperatorApplied, RESTORE_FOLDER } from '../../../charts/lib/operator-applied';
import { recordAt } from '../pod-security/narrow';
import type { Rule } from './rule';

/**
 * Velero Restores are applied by an operator into a replacement cluster, never synced: an Argo CD
 * Application syncing one would restore old backups over the live cluster (and again after every
 * prune or self-heal). And a restore template that names a Schedule the cluster does not render
 * would fail exactly when it is needed.
 */
export const restoreOperatorApplied: Rule = {
  id: 'restore-operator-applied',
  reason: 'A Velero Restore that Argo CD syncs runs against the live cluster; one naming a Schedule that does not exist fails in the middle of a disaster.',
  fix: `Render Restores only in the operator-applied ${RESTORE_FOLDER}/ folder (charts/platform/backup/restore-chart.ts), point no Application path at it, and restore by the name of a rendered Schedule.`,
  severity: 'error',
  exemptible: false,
  *check(context) {
    const schedules = new Set(context.ofKind('velero.io', 'Schedule').map((schedule) => `${context.namespaceOf(schedule) ?? ''}/${schedule.object.metadata.name}`));
    for (const object of context.objects) {
      const isRestore = groupOf(object.object.apiVersion) === 'velero.io' && object.object.kind === 'Restore';
      if (!isOperatorApplied(object.folder)) {
        if (isRestore) yield { object, message: `a Restore outside ${context.distPath}/${RESTORE_FOLDER}/, where an Application syncs it into the live cluster` };
        continue;
      }
      if (!isRestore) {
        yield { object, message: `${object.object.kind} in ${context.distPath}/${RESTORE_FOLDER}/, which holds only Velero Restores (no Application applies anything there)` };
        continue;
      }
      const owners = context.ownersOf(object);
      if (owners.length > 0) yield { object, message: `synced by Application ${owners.map((a) => a.name).join(', ')}: a restore template must only be applied by hand into a replacement cluster` };
      const scheduleName = recordAt(object.object, 'spec')?.['scheduleName'];
      if (typeof scheduleName === 'string' && !schedules.has(`${context.namespaceOf(object) ?? ''}/${scheduleName}`)) {
        yield { object, message: `spec.scheduleName ${scheduleName} names no Schedule rendered in namespace ${context.namespaceOf(object) ?? ''}: the restore would find no backup` };
      }
    }
  },
};
