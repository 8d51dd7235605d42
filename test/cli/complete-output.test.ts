import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/report/check-report';
import { environmentConfig, firstEnvironment } from '../support/platform';
import { runEntry, scratchRoot } from '../render/support/writers';

/**
 * Commands print everything before they exit, also into a pipe (a pipe takes 64 KiB at a time;
 * a process that exits at once drops the rest). The child's stdout and stderr here are pipes.
 */
describe('output through a pipe', () => {
  const LEAKS = 400;

  it('check --json delivers a report of hundreds of KiB whole', async () => {
    const root = scratchRoot();
    // A fixture that yields many findings: ConfigMaps with credential-looking literals.
    const folder = path.join(root, 'dist', environmentConfig(firstEnvironment()).cluster.distPath, 'apps/leaky-fixture');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < LEAKS; i++) {
      writeFileSync(path.join(folder, `configmap-leak-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak-${i}\n  namespace: leaky-fixture\ndata:\n  API_TOKEN: fixture-value-${i}\n`);
    }
    const result = await runEntry('src/check/cli.ts', ['--root', root, '--env', firstEnvironment(), '--json']);
    expect(result.status).toBe(1);
    expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(200 * 1024);
    const report = JSON.parse(result.stdout) as CheckReport;
    const leaked = new Set(report.environments[0]!.findings.filter((f) => f.rule === 'no-secret-literals').map((f) => f.file));
    expect(leaked.size).toBe(LEAKS);
  });

  it('synth delivers an error report of hundreds of KiB whole', async () => {
    const root = scratchRoot();
    const apps = path.join(root, 'overlays', firstEnvironment(), 'apps.yaml');
    const unknown = Array.from({ length: 3000 }, (_, i) => `  unknown-fixture-${i}:\n    replicas: 1\n`).join('');
    writeFileSync(apps, readFileSync(apps, 'utf8').replace(/^apps:\n/m, `apps:\n${unknown}`));
    const result = await runEntry('src/synth.ts', ['--root', root]);
    expect(result.status).toBe(1);
    expect(Buffer.byteLength(result.stderr)).toBeGreaterThan(200 * 1024);
    expect(result.stderr).toMatch(/^synth failed: 3000 problem\(s\) in overlays, dist\/ unchanged\n/);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toContain('apps.unknown-fixture-2999: no chart defines this app');
  });
});
