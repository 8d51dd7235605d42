/**
 * One measured full synth with N generated apps, in a fresh process: overlays are loaded and
 * validated, every environment rendered with the real platform and application constructs, and
 * written to --out with the real atomic writer. Prints one JSON line; with --dump-objects it
 * also saves the final objects (path -> object) for the floor measurement, after the timing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadAppCatalog } from '../src/app-catalog';
import { REPO_ROOT, renderAll } from '../src/synth-pipeline';
import { writeDist } from '../src/render/write-dist';
import { environmentTrees } from '../src/render/render-environment';
import { syntheticCatalog, writeSyntheticOverlays } from './synthetic-apps';

const { values } = parseArgs({ options: { apps: { type: 'string' }, out: { type: 'string' }, 'dump-objects': { type: 'string' } } });
const count = Number(values.apps);
if (!Number.isInteger(count) || count < 0 || !values.out) throw new Error('usage: synth-child --apps N --out DIR [--dump-objects FILE]');
const outDir = values.out;

// A function, not top-level await: src/launch.mjs bundles entries as CommonJS.
async function main(): Promise<void> {
  const started = performance.now();
  const catalog = new Map([...(await loadAppCatalog(REPO_ROOT)), ...syntheticCatalog(count)]);
  const root = mkdtempSync(path.join(tmpdir(), 'bench-root-'));
  writeSyntheticOverlays(REPO_ROOT, root, [...catalog.keys()].filter((name) => name.startsWith('bench-')));
  const { rendered } = await renderAll({ root, catalog });
  writeDist(outDir, environmentTrees(rendered), true);
  const seconds = (performance.now() - started) / 1000;

  const objects = rendered.reduce((sum, env) => sum + env.objects.length, 0);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ objects, inProcessSeconds: seconds, maxRssMiB }));

  if (values['dump-objects']) {
    const dump = rendered.flatMap((env) => env.objects.map((o) => [`${env.name}/${o.file}`, o.object]));
    writeFileSync(values['dump-objects'], JSON.stringify(dump));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
