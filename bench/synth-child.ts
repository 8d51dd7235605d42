/**
 * One measured full synth of a benchmark scenario, in a fresh process started like `npm run
 * synth` (src/launch.mjs): the scenario's applications built, the overlays under --root (written
 * beforehand by the scenario) loaded and validated, every environment rendered with the real
 * platform and application constructs and written to --out with the real atomic writer.
 * Prints one JSON line. With --dump-files it then, untimed, renders again and saves what the
 * floor (bench/floor-child.mjs) needs to write the same files: every object, every other file's
 * text, and the serializer options.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, renderAll, synth } from '../src/synth-pipeline';
import { YAML_OPTIONS } from '../src/render/serialize';
import { scenarioNamed } from './scenarios';

const { values } = parseArgs({ options: { scenario: { type: 'string' }, size: { type: 'string' }, root: { type: 'string' }, out: { type: 'string' }, 'dump-files': { type: 'string' } } });
const size = Number(values.size);
if (!values.scenario || !Number.isInteger(size) || size < 0 || !values.root || !values.out) {
  throw new Error('usage: synth-child --scenario NAME --size N --root DIR --out DIR [--dump-files FILE]');
}
const scenario = scenarioNamed(values.scenario);
const { root, out } = values;

/** What the floor writes: each path below --out with the object to serialize, or the text as is. */
export interface FloorInput {
  readonly yamlOptions: typeof YAML_OPTIONS;
  readonly objects: readonly (readonly [file: string, object: unknown])[];
  readonly texts: readonly (readonly [file: string, text: string])[];
}

// A function, not top-level await: src/launch.mjs bundles entries as CommonJS.
async function main(): Promise<void> {
  const started = performance.now();
  const catalog = await scenario.catalog(REPO_ROOT, size);
  const summaries = await synth({ root, catalog, outDir: out });
  const seconds = (performance.now() - started) / 1000;

  const objects = summaries.reduce((sum, env) => sum + env.objects, 0);
  const files = summaries.reduce((sum, env) => sum + env.files, 0);
  const usage = process.resourceUsage();
  // CPU time of all the process's threads (user + system), start-up included, as for the floor.
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  console.log(JSON.stringify({ objects, files, inProcessSeconds: seconds, maxRssMiB: usage.maxRSS / 1024, cpuSeconds }));

  if (values['dump-files']) writeFileSync(values['dump-files'], JSON.stringify(await floorInput()));
}

async function floorInput(): Promise<FloorInput> {
  const { rendered } = await renderAll({ root, catalog: await scenario.catalog(REPO_ROOT, size) });
  const objects: [string, unknown][] = [];
  const texts: [string, string][] = [];
  for (const env of rendered) {
    const objectOf = new Map(env.objects.map((o) => [o.file, o.object]));
    for (const [file, text] of env.files) {
      const object = objectOf.get(file);
      if (object === undefined) texts.push([`${env.name}/${file}`, text]);
      else objects.push([`${env.name}/${file}`, object]);
    }
  }
  return { yamlOptions: YAML_OPTIONS, objects, texts };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
