import { describe, expect, it } from 'vitest';
import { databaseDumpCommand, VELERO_HOOK_ANNOTATIONS, veleroPreBackupHookAnnotations } from '../../charts/lib/velero-backup-hooks';

describe('veleroPreBackupHookAnnotations', () => {
  it('renders container, the command as a JSON array, timeout, on-error and the dump volume', () => {
    const annotations = veleroPreBackupHookAnnotations({ container: 'postgres', command: ['/bin/sh', '-c', 'pg_dump -f "$1" app', 'dump', '/dump/db.dump'], backupVolumes: ['dump'] });
    expect(annotations).toEqual({
      'pre.hook.backup.velero.io/container': 'postgres',
      'pre.hook.backup.velero.io/command': '["/bin/sh","-c","pg_dump -f \\"$1\\" app","dump","/dump/db.dump"]',
      'pre.hook.backup.velero.io/timeout': '10m',
      'pre.hook.backup.velero.io/on-error': 'Fail',
      'backup.velero.io/backup-volumes': 'dump',
    });
    // Velero parses the command annotation as JSON: it must round-trip to the same argv.
    expect(JSON.parse(annotations[VELERO_HOOK_ANNOTATIONS.command]!)).toEqual(['/bin/sh', '-c', 'pg_dump -f "$1" app', 'dump', '/dump/db.dump']);
  });

  it('takes an explicit timeout, Continue and several volumes', () => {
    const annotations = veleroPreBackupHookAnnotations({ container: 'db', command: ['/usr/bin/dump'], timeout: '1h30m', onError: 'Continue', backupVolumes: ['dump', 'wal'] });
    expect(annotations[VELERO_HOOK_ANNOTATIONS.timeout]).toBe('1h30m');
    expect(annotations[VELERO_HOOK_ANNOTATIONS.onError]).toBe('Continue');
    expect(annotations[VELERO_HOOK_ANNOTATIONS.backupVolumes]).toBe('dump,wal');
  });

  it('fails when the command is empty or has an empty argument', () => {
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: [], backupVolumes: ['dump'] })).toThrow("velero pre-backup hook: 'command' must be a non-empty argument vector without empty arguments, got []");
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: ['dump', ''], backupVolumes: ['dump'] })).toThrow("'command' must be");
  });

  it('fails when the timeout is not a Go duration', () => {
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: ['x'], timeout: '10 minutes', backupVolumes: ['dump'] })).toThrow(`'timeout' must be a Go duration such as 90s or 10m, got "10 minutes"`);
  });

  it('fails when no volume, a bad volume name or a duplicate volume is given', () => {
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: ['x'], backupVolumes: [] })).toThrow("'backupVolumes' must be at least one volume holding the dump");
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: ['x'], backupVolumes: ['Dump'] })).toThrow(`'backupVolumes' must be volume names (DNS labels), got "Dump"`);
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: ['x'], backupVolumes: ['dump', 'dump'] })).toThrow("'backupVolumes' must be each volume once");
  });

  it('fails when the container name or on-error mode is invalid', () => {
    expect(() => veleroPreBackupHookAnnotations({ container: 'Postgres', command: ['x'], backupVolumes: ['dump'] })).toThrow(`'container' must be a container name (DNS label), got "Postgres"`);
    expect(() => veleroPreBackupHookAnnotations({ container: 'db', command: ['x'], onError: 'Ignore' as 'Fail', backupVolumes: ['dump'] })).toThrow(`'onError' must be 'Fail' or 'Continue', got "Ignore"`);
  });
});

describe('databaseDumpCommand', () => {
  it('dumps postgres through a shell, passing the file as $1 and renaming only on success', () => {
    const command = databaseDumpCommand('postgres', '/dump/db.dump');
    expect(command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(command[2]).toContain('pg_dump');
    expect(command[2]).toContain('--file="$1.tmp"');
    expect(command[2]).toMatch(/&& mv "\$1\.tmp" "\$1"$/);
    expect(command.slice(3)).toEqual(['postgres-dump', '/dump/db.dump']);
    // The path is an argument, never part of the script text.
    expect(command[2]).not.toContain('/dump/db.dump');
  });

  it('dumps mysql without putting the password on the command line', () => {
    const [, , script] = databaseDumpCommand('mysql', '/dump/db.sql');
    expect(script).toContain('MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqldump');
    expect(script).not.toMatch(/--password|-p"/);
  });

  it('fails when the dump file is not an absolute file path', () => {
    expect(() => databaseDumpCommand('postgres', 'db.dump')).toThrow(`databaseDumpCommand: 'dumpFile' must be an absolute file path on a mounted volume, got "db.dump"`);
    expect(() => databaseDumpCommand('postgres', '/dump/; rm -rf /')).toThrow("'dumpFile' must be");
  });
});
