import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/scenarios';
import { syntheticCatalog, writeSyntheticOverlays } from '../../bench/synthetic-apps';
import { productionEnvironment, writeFleetClusters } from '../../bench/synthetic-fleet';
import { definedAppFiles, loadAppCatalog } from '../../src/app-catalog';
import { loadOverlays } from '../../src/config/load-overlays';
import { runCheck } from '../../src/check/run-check';
import { synth } from '../../src/synth-pipeline';
import { REPO_ROOT } from '../support/repo';

/**
 * The benchmark only means something if what it renders is what the real repository would
 * render at that size: each scenario's output at its smallest size, and the fleet generator's,
 * must pass the same checks as the real dist/.
 */
describe('benchmark generator', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('scenario %s renders output that passes npm run check (current, schema-valid, rules)', async (_name, scenario) => {
    const size = Math.min(...scenario.defaultSizes);
    const root = mkdtempSync(path.join(tmpdir(), 'bench-check-'));
    scenario.prepare(REPO_ROOT, root, size);
    const catalog = await scenario.catalog(REPO_ROOT, size);
    const summaries = await synth({ root, catalog });
    // Every environment of the repository, whatever it calls them.
    const environments = [...new Set(loadOverlays({ root: REPO_ROOT, definedApps: definedAppFiles(await loadAppCatalog(REPO_ROOT)) }).map((config) => config.name))];
    expect(summaries.map((s) => s.name)).toEqual(environments);
    const production = productionEnvironment(root);

    // The schemas the repository ships (imports/schemas), whatever GITOPS_SCHEMA_DIR says.
    const report = await runCheck({ root, catalog, env: {} });
    const errors = report.environments.flatMap((env) => env.findings.filter((f) => f.severity === 'error').map((f) => `${env.name} ${f.rule} ${f.file}: ${f.message}`));
    expect(errors).toEqual([]);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['current:passed', 'schema-valid:passed', 'rules:passed']);
    expect(report.environments.find((env) => env.environment === production)?.objects).toBeGreaterThan(size * 15);
  });

  it('renders a generated fleet (3 clusters in the production environment, 5 apps) that passes npm run check, one tree per cluster', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bench-fleet-'));
    const catalog = new Map([...(await loadAppCatalog(REPO_ROOT)), ...syntheticCatalog(5)]);
    writeSyntheticOverlays(REPO_ROOT, root, [...catalog.keys()].filter((name) => name.startsWith('bench-')));
    const production = productionEnvironment(root);
    const clusters = writeFleetClusters(root, production, 3);
    const summaries = await synth({ root, catalog });
    expect(summaries.find((s) => s.name === production)?.clusters).toBe(3);

    const report = await runCheck({ root, catalog, env: {} });
    const errors = report.environments.flatMap((env) => env.findings.filter((f) => f.severity === 'error').map((f) => `${env.name} ${f.rule} ${f.file}: ${f.message}`));
    expect(errors).toEqual([]);
    expect(report.environments.filter((env) => env.environment === production).map((env) => env.cluster)).toEqual(clusters);
  });
});
