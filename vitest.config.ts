import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary directory per run, removed at the end (run-temp-dir.ts); the pinned helm built
    // once per run, a no-op when .cache/bin/helm is current, or the Helm rendering tests reported
    // as skipped in one line when Go is missing (helm-setup.ts).
    globalSetup: ['test/support/run-temp-dir.ts', 'test/support/helm-setup.ts'],
    // Synth tests spawn child processes and write temporary trees; two workers match the CI machine.
    maxWorkers: 2,
    // Test files share each worker's module graph: the generated CRD types and cdk8s-plus are
    // large, and re-importing them per file cost ~70 of 90 seconds. No test mocks modules or
    // mutates shared state, so sharing is safe.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
