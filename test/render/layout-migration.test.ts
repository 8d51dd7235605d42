import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check';
import { listFiles } from '../../src/render/write-dist';
import { synth } from '../../src/synth-pipeline';
import { fixtureCatalog, fixtureConfigs, fixtureRepository } from '../support/fixture-repository';

/**
 * Before clusters, an environment's tree was dist/<env>/ itself. This rebuilds that layout from
 * a current one (the same files one folder up, Application paths without the cluster), as a
 * repository committed it, so the migration can be tested on exactly what users have.
 */
function toSingleTreeLayout(root: string): void {
  for (const config of fixtureConfigs) {
    const environment = path.join(root, 'dist', config.name);
    const tree = path.join(environment, config.cluster.name);
    for (const entry of readdirSync(tree)) renameSync(path.join(tree, entry), path.join(environment, entry));
    rmSync(tree, { recursive: true });
    for (const file of listFiles(environment)) {
      const absolute = path.join(environment, file);
      const text = readFileSync(absolute, 'utf8');
      writeFileSync(absolute, text.replaceAll(`dist/${config.cluster.distPath}/`, `dist/${config.name}/`));
    }
  }
}

/** Application and AppProject names with their file, and the text of each file with paths neutralized. */
function argoObjects(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...listFiles(dir)].filter((f) => f === 'root.yaml' || f.startsWith('argocd/')).sort()) {
    found.set(file, readFileSync(path.join(dir, file), 'utf8').replace(/^(\s*(?:- )?path: )dist\/.*$/gm, '$1<path>'));
  }
  return found;
}

describe('migrating a committed dist/ from one tree per environment to one per cluster', () => {
  it('check names every file of the old layout, synth moves it, and Argo CD objects keep their names', async () => {
    const root = await fixtureRepository();
    toSingleTreeLayout(root);
    const old = fixtureConfigs.map((config) => argoObjects(path.join(root, 'dist', config.name)));

    const before = await runCheck({ root, catalog: fixtureCatalog, env: {} });
    expect(before.ok).toBe(false);
    const stale = before.environments.filter((e) => e.cluster === undefined).flatMap((e) => e.findings.map((f) => `${f.rule} ${f.file}`));
    for (const config of fixtureConfigs) {
      expect(stale).toContain(`current dist/${config.name}/root.yaml`);
      expect(stale).toContain(`current dist/${config.name}/argocd/`);
      expect(stale).toContain(`current dist/${config.name}/apps/`);
    }
    expect(before.environments.find((e) => e.name === `${fixtureConfigs[0]!.name}/root.yaml`)?.findings[0]?.message).toContain(`each cluster's tree is dist/${fixtureConfigs[0]!.name}/<cluster>/`);

    await synth({ root, catalog: fixtureCatalog });
    for (const [index, config] of fixtureConfigs.entries()) {
      expect(readdirSync(path.join(root, 'dist', config.name))).toEqual([config.cluster.name]);
      // The same Applications and projects with the same names and specs: only their paths moved,
      // so re-pointing the root (kubectl apply -f dist/<env>/<cluster>/root.yaml) moves no resource.
      expect(argoObjects(path.join(root, 'dist', config.cluster.distPath))).toEqual(old[index]);
    }
    const after = await runCheck({ root, catalog: fixtureCatalog, env: {} });
    expect(after.environments.flatMap((e) => e.findings).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a removed cluster, or anything else beside the cluster trees, is reported and removed by synth', async () => {
    const root = await fixtureRepository();
    const [first] = fixtureConfigs;
    cpSync(path.join(root, 'dist', first!.cluster.distPath), path.join(root, 'dist', first!.name, 'gone'), { recursive: true });
    mkdirSync(path.join(root, 'dist', first!.name, 'stray'));
    const report = await runCheck({ root, catalog: fixtureCatalog, env: {} });
    expect(report.environments.filter((e) => e.cluster === undefined).map((e) => e.findings[0]!.file)).toEqual([`dist/${first!.name}/gone/`, `dist/${first!.name}/stray/`]);
    await synth({ root, catalog: fixtureCatalog });
    expect(readdirSync(path.join(root, 'dist', first!.name))).toEqual([first!.cluster.name]);
  });
});
