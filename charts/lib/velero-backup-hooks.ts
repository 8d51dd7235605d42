/**
 * Velero pre-backup hooks for workloads that own a database: annotations for the POD TEMPLATE
 * (not the Deployment's own metadata) that make Velero run a dump command in a container before
 * it backs the pod up, and opt the volume holding the dump into file-system backup.
 * See velero site/content/docs/main/backup-hooks.md and file-system-backup.md.
 *
 * Usage (application construct):
 *   podMetadata.annotations = veleroPreBackupHookAnnotations({
 *     container: 'postgres',
 *     command: databaseDumpCommand('postgres', '/dump/db.dump'),
 *     backupVolumes: ['dump'],   // an emptyDir or PVC mounted at /dump
 *   });
 */

export type HookErrorMode = 'Fail' | 'Continue';

export interface PreBackupHookProps {
  /** Container of the pod the command runs in (it needs the database client). */
  readonly container: string;
  /**
   * The command as an argument vector. Velero does NOT run it in a shell: use
   * ['/bin/sh', '-c', '...'] (or databaseDumpCommand) when it needs variables or redirection.
   */
  readonly command: readonly string[];
  /**
   * How long Velero waits for the command, as a Go duration.
   * @default '10m' (Velero's own default of 30s is too short for a real dump)
   */
  readonly timeout?: string;
  /**
   * `Fail` marks the backup PartiallyFailed when the hook fails (a backup without a fresh dump
   * must not look healthy); `Continue` ignores the failure.
   * @default 'Fail'
   */
  readonly onError?: HookErrorMode;
  /**
   * Pod volumes (names from the pod spec) backed up by the node agent's file-system backup: the
   * volume(s) the dump is written to. A read-only root filesystem needs one anyway.
   */
  readonly backupVolumes: readonly string[];
}

/** The annotation keys, exported so that tests and checks do not retype them. */
export const VELERO_HOOK_ANNOTATIONS = {
  container: 'pre.hook.backup.velero.io/container',
  command: 'pre.hook.backup.velero.io/command',
  timeout: 'pre.hook.backup.velero.io/timeout',
  onError: 'pre.hook.backup.velero.io/on-error',
  backupVolumes: 'backup.velero.io/backup-volumes',
} as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Pod-template annotations for one pre-backup hook. Deterministic: the same props always give
 * the same strings (the command is JSON, keys are fixed), so re-rendering never shows a diff.
 * Throws with the field, the value and the expectation on invalid input.
 */
export function veleroPreBackupHookAnnotations(props: PreBackupHookProps): Record<string, string> {
  const timeout = props.timeout ?? '10m';
  const onError = props.onError ?? 'Fail';
  const fail = (field: string, got: unknown, expected: string): never => {
    throw new Error(`velero pre-backup hook: '${field}' must be ${expected}, got ${JSON.stringify(got)}`);
  };
  if (!DNS_LABEL.test(props.container)) fail('container', props.container, 'a container name (DNS label)');
  if (props.command.length === 0 || props.command.some((arg) => arg.length === 0)) fail('command', props.command, 'a non-empty argument vector without empty arguments');
  if (!GO_DURATION.test(timeout)) fail('timeout', timeout, 'a Go duration such as 90s or 10m');
  if (onError !== 'Fail' && onError !== 'Continue') fail('onError', onError, "'Fail' or 'Continue'");
  if (props.backupVolumes.length === 0) fail('backupVolumes', props.backupVolumes, 'at least one volume holding the dump');
  for (const volume of props.backupVolumes) if (!DNS_LABEL.test(volume)) fail('backupVolumes', volume, 'volume names (DNS labels)');
  if (new Set(props.backupVolumes).size !== props.backupVolumes.length) fail('backupVolumes', props.backupVolumes, 'each volume once');

  return {
    [VELERO_HOOK_ANNOTATIONS.container]: props.container,
    [VELERO_HOOK_ANNOTATIONS.command]: JSON.stringify(props.command),
    [VELERO_HOOK_ANNOTATIONS.timeout]: timeout,
    [VELERO_HOOK_ANNOTATIONS.onError]: onError,
    [VELERO_HOOK_ANNOTATIONS.backupVolumes]: props.backupVolumes.join(','),
  };
}

export type DatabaseEngine = 'postgres' | 'mysql';

/**
 * A dump command for the official postgres / mysql images, reading the database name and
 * credentials from the environment those images already use (POSTGRES_USER/POSTGRES_DB,
 * MYSQL_ROOT_PASSWORD/MYSQL_DATABASE). It writes to `<dumpFile>.tmp` and renames, so a failed
 * dump never replaces the previous good one. The file path is passed as a positional argument,
 * never spliced into the shell text.
 */
export function databaseDumpCommand(engine: DatabaseEngine, dumpFile: string): string[] {
  if (!/^\/[A-Za-z0-9._/-]+$/.test(dumpFile) || dumpFile.endsWith('/')) {
    throw new Error(`databaseDumpCommand: 'dumpFile' must be an absolute file path on a mounted volume, got ${JSON.stringify(dumpFile)}`);
  }
  const scripts: Record<DatabaseEngine, string> = {
    postgres: 'pg_dump --username="$POSTGRES_USER" --format=custom --file="$1.tmp" "$POSTGRES_DB" && mv "$1.tmp" "$1"',
    // MYSQL_PWD keeps the password out of the process list.
    mysql: 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqldump --user=root --single-transaction --routines "$MYSQL_DATABASE" > "$1.tmp" && mv "$1.tmp" "$1"',
  };
  // sh -c SCRIPT NAME ARG: NAME becomes $0, ARG becomes $1.
  return ['/bin/sh', '-c', scripts[engine], `${engine}-dump`, dumpFile];
}
