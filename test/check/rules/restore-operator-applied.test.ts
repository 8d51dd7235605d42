import { describe, expect, it } from 'vitest';
import { argocdSingleOwner } from '../../../src/check/rules/argocd';
import { restoreOperatorApplied } from '../../../src/check/rules/restore-operator-applied';
import { application, compliantEnvironment, withFiles } from '../support/compliant-app';
import { problems, type FixtureFile, type Manifest } from '../support/dist-fixture';

function schedule(name: string): FixtureFile {
  return [`platform/backup/schedule-${name}.yaml`, { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name, namespace: 'velero' }, spec: { schedule: '0 2 * * *', template: {} } }];
}

function restore(name: string, scheduleName: string, folder = 'restore'): FixtureFile {
  const object: Manifest = { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name, namespace: 'velero' }, spec: { scheduleName } };
  return [`${folder}/restore-${name}.yaml`, object];
}

const backupApplication: FixtureFile = ['argocd/application-backup.yaml', application('backup', 'dist/prod/platform/backup', 0)];
const compliant = (): FixtureFile[] => withFiles(backupApplication, schedule('nightly'), restore('rebuild-from-nightly', 'nightly'));

describe('restore-operator-applied', () => {
  it('passes Restores in restore/ that no Application syncs and that name a rendered Schedule', () => {
    expect(problems(compliant(), restoreOperatorApplied)).toEqual([]);
  });

  it('fails when an Application syncs the restore folder', () => {
    const files = [...compliant(), ['argocd/application-restore.yaml', application('restore', 'dist/prod/restore', 0)] as FixtureFile];
    expect(problems(files, restoreOperatorApplied)).toEqual([
      'dist/prod/restore/restore-rebuild-from-nightly.yaml: synced by Application restore: a restore template must only be applied by hand into a replacement cluster',
    ]);
  });

  it('fails when an Application recursing from the tree root covers the restore folder', () => {
    const files = [...compliant(), ['argocd/application-everything.yaml', application('everything', 'dist/prod', 0, { source: { repoURL: 'https://git.example.com/platform.git', targetRevision: 'main', path: 'dist/prod', directory: { recurse: true } } })] as FixtureFile];
    expect(problems(files, restoreOperatorApplied)).toEqual([
      'dist/prod/restore/restore-rebuild-from-nightly.yaml: synced by Application everything: a restore template must only be applied by hand into a replacement cluster',
    ]);
  });

  it('fails when a Restore is rendered in a synced folder', () => {
    const files = withFiles(backupApplication, schedule('nightly'), restore('rebuild-from-nightly', 'nightly', 'platform/backup'));
    expect(problems(files, restoreOperatorApplied)).toEqual([
      'dist/prod/platform/backup/restore-rebuild-from-nightly.yaml: a Restore outside dist/prod/restore/, where an Application syncs it into the live cluster',
    ]);
  });

  it('fails when a Restore names a Schedule the cluster does not render', () => {
    const files = withFiles(backupApplication, schedule('nightly'), restore('rebuild-from-weekly', 'weekly'));
    expect(problems(files, restoreOperatorApplied)).toEqual([
      'dist/prod/restore/restore-rebuild-from-weekly.yaml: spec.scheduleName weekly names no Schedule rendered in namespace velero: the restore would find no backup',
    ]);
  });

  it('fails when something other than a Restore is put in the restore folder (nothing would ever apply it)', () => {
    const stray: FixtureFile = ['restore/configmap-notes.yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', namespace: 'velero' }, data: {} }];
    expect(problems([...compliant(), stray], restoreOperatorApplied)).toEqual([
      'dist/prod/restore/configmap-notes.yaml: ConfigMap in dist/prod/restore/, which holds only Velero Restores (no Application applies anything there)',
    ]);
  });
});

describe('argocd-single-owner and the operator-applied restore folder', () => {
  it('does not ask for an owner of the restore templates', () => {
    expect(problems(compliant(), argocdSingleOwner)).toEqual([]);
  });

  it('still asks for exactly one owner of everything else', () => {
    const orphanSchedule = schedule('nightly');
    expect(problems([...compliantEnvironment(), orphanSchedule], argocdSingleOwner)).toEqual(['dist/prod/platform/backup/schedule-nightly.yaml: no Application syncs dist/prod/platform/backup']);
  });
});
