import { writeSync } from 'node:fs';

/**
 * The named steps of writing dist/ (src/render/write-dist.ts, src/render/publish-dist.ts), in
 * order: `staging` (journal written, nothing staged yet), `staged` (one environment's new tree
 * written), `committed` (the commit record is durable), `moved-aside` and `published` (the two
 * renames of one environment), `removed` (an environment that no longer exists moved out of
 * dist/), `cleaning` (journal cleared, leftovers about to be deleted).
 */
export type PublishPoint = 'staging' | 'staged' | 'committed' | 'moved-aside' | 'published' | 'removed' | 'cleaning';

/** Called at every PublishPoint with the environment it concerns, if any. */
export type PublishHook = (point: PublishPoint, environment?: string) => void;

/** Test-only variables; a synth without them behaves exactly as without this module. */
export const CRASH_AT_VARIABLE = 'GITOPS_TEST_PUBLISH_CRASH_AT';
export const DELAY_VARIABLE = 'GITOPS_TEST_PUBLISH_DELAY_MS';

/**
 * For the crash tests (test/render/crash-recovery.test.ts), from environment variables that
 * nothing else sets:
 * - GITOPS_TEST_PUBLISH_CRASH_AT=<point>[:<n>] kills the process with SIGKILL the n-th time
 *   (default 1st) it reaches <point>, as a crash or `kill -9` would at that moment;
 * - GITOPS_TEST_PUBLISH_DELAY_MS=<ms> announces each point on stderr (`publish-point <point>
 *   [<env>]`) and then pauses, so a test can kill the process from outside anywhere in between.
 * Undefined when neither is set.
 */
export function publishTestHook(env: NodeJS.ProcessEnv): PublishHook | undefined {
  const crashAt = env[CRASH_AT_VARIABLE];
  const delayMs = Number(env[DELAY_VARIABLE] ?? 0);
  if (crashAt === undefined && !(delayMs > 0)) return undefined;
  const [crashPoint, occurrence] = (crashAt ?? '').split(':');
  const crashOn = Number(occurrence ?? 1);
  let reached = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return (point, environment) => {
    if (point === crashPoint && ++reached === crashOn) process.kill(process.pid, 'SIGKILL');
    if (delayMs > 0) {
      // Synchronous on purpose: the write itself is synchronous, and the line must be out
      // before the pause.
      writeSync(2, `publish-point ${point}${environment === undefined ? '' : ` ${environment}`}\n`);
      Atomics.wait(pause, 0, 0, delayMs);
    }
  };
}
