import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOverlays } from '../../src/config/load-overlays';
import { renderAll } from '../../src/synth-pipeline';
import { definedAppFiles } from '../../src/app-catalog';
import { readTree, repositoryCatalog } from '../support/repo';
import { changeEveryEnvironment, renderedTree, runEntry, scratchRoot } from './support/writers';

/** Two writers started together, one at a time thanks to the repository's writer lock. */
describe('concurrent writers', () => {
  it('two synths started together both succeed, and dist/ equals a fresh synth exactly', async () => {
    const root = scratchRoot();
    changeEveryEnvironment(root);
    const fresh = renderedTree(await renderAll({ root }));

    const results = await Promise.all([runEntry('src/synth.ts', ['--root', root]), runEntry('src/synth.ts', ['--root', root])]);
    for (const result of results) {
      expect(result.stderr).not.toContain('failed');
      expect(result.status).toBe(0);
    }
    expect(readTree(path.join(root, 'dist'))).toEqual(fresh);
    expect(readdirSync(root).filter((name) => name.startsWith('.synth-'))).toEqual([]);
  });

  it('two set-image runs in one environment started together both land, and dist/ matches the overlays', async () => {
    const root = scratchRoot();
    const catalog = await repositoryCatalog();
    const [first, second] = [...catalog.keys()];
    const configs = loadOverlays({ root, definedApps: definedAppFiles(catalog) });
    const dev = configs[0]!;
    const image = (app: string, hex: string) => `${dev.images[app]!.repository}@sha256:${hex.repeat(64)}`;

    const results = await Promise.all([
      runEntry('src/cli/bin.ts', ['set-image', first!, '--env', dev.name, '--image', image(first!, 'a'), '--root', root]),
      runEntry('src/cli/bin.ts', ['set-image', second!, '--env', dev.name, '--image', image(second!, 'b'), '--root', root]),
    ]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);

    const after = loadOverlays({ root, definedApps: definedAppFiles(catalog) })[0]!;
    expect(after.images[first!]!.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(after.images[second!]!.digest).toBe(`sha256:${'b'.repeat(64)}`);
    expect(readTree(path.join(root, 'dist'))).toEqual(renderedTree(await renderAll({ root })));
  });
});
