import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Vitest global setup: one temporary directory per test run, removed at the end (also when tests
 * fail). It becomes TMPDIR for the workers and every process they spawn, so `os.tmpdir()` in a
 * test, git, and the CLIs under test all write below it, and nothing a run leaves behind outlives
 * it. A scratch copy of the repository inside it has no `../shared` beside it, so no test can
 * pick up upstream data by accident; the upstream folder is only ever the one named explicitly
 * (test/support/upstream.ts).
 */
export default function setUpRunTempDir(): () => void {
  const runDir = mkdtempSync(path.join(tmpdir(), 'gitops-platform-test-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = runDir;
  process.env['GITOPS_TEST_TMP'] = runDir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}
