import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/report/check-report';
import { runCheck } from '../../src/check/run-check';
import { synth } from '../../src/synth-pipeline';
import { fixtureCatalog, fixtureRepository } from '../support/fixture-repository';

// The fixture repository with qa's key prefix set to dev's: qa's cluster would read dev's values.
describe('npm run check when two environments read the same Vault keys', () => {
  let root: string;
  let report: CheckReport;
  beforeAll(async () => {
    root = await fixtureRepository();
    const overlay = path.join(root, 'overlays/qa/platform.yaml');
    const text = readFileSync(overlay, 'utf8');
    if (!/environmentPrefix: qa\n/.test(text)) throw new Error('fixture qa overlay has no environmentPrefix: qa');
    writeFileSync(overlay, text.replace('environmentPrefix: qa\n', 'environmentPrefix: dev\n'));
    await synth({ root, catalog: fixtureCatalog, only: ['qa'] });
    report = await runCheck({ root, catalog: fixtureCatalog, env: {} });
  });

  it('fails in both environments, on every ExternalSecret that reads a shared value', () => {
    expect(report.ok).toBe(false);
    for (const name of ['dev', 'qa']) {
      const files = report.environments.find((e) => e.environment === name)!.findings.filter((f) => f.rule === 'secret-key-per-environment' && f.severity === 'error').map((f) => f.file);
      // ledger reads app secrets; the platform reads its own (cert-manager, backup, ...).
      expect(files, name).toEqual(expect.arrayContaining([`dist/${name}/${name}/apps/ledger/externalsecret-ledger.yaml`]));
      // settle is confidential and dev has a broker: its secret is a KBS resource there, so qa's Vault read of it is its own.
      expect(files, name).not.toContain(`dist/${name}/${name}/apps/settle/externalsecret-settle.yaml`);
    }
    expect(report.environments.find((e) => e.environment === 'live')!.findings.filter((f) => f.rule === 'secret-key-per-environment')).toEqual([]);
  });

  it('says the rule was not run when --env leaves environments out', async () => {
    const only = await runCheck({ root, catalog: fixtureCatalog, only: ['qa'], env: {} });
    expect(only.environments.flatMap((e) => e.findings).filter((f) => f.rule === 'secret-key-per-environment')).toEqual([]);
    expect(only.checks.find((c) => c.id === 'rules')?.detail).toContain('not run without every environment: secret-key-per-environment');
  });
});
