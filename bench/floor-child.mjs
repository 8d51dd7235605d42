// The floor: the cheapest way to produce the same files as synth. Reads the final objects
// (plain JSON, saved by an untimed synth: bench/synth-child.ts --dump-files), serializes each
// with the serializer and the options synth writes with (js-yaml, src/render/serialize.ts; the
// options come from that file through the dump), and writes one file per object, plus the few
// files synth writes as text (chart facts). The benchmark checks afterwards, untimed, that every
// file is byte-identical to synth's. Plain JavaScript so that no TypeScript loader adds start-up
// time the floor would not have.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';

const [inputFile, outDir] = process.argv.slice(2);
const { yamlOptions, objects, texts } = JSON.parse(readFileSync(inputFile, 'utf8'));
const made = new Set();
function write(file, text) {
  const target = path.join(outDir, file);
  const dir = path.dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(target, text);
}
for (const [file, object] of objects) write(file, dump(object, yamlOptions));
for (const [file, text] of texts) write(file, text);
const usage = process.resourceUsage();
// CPU time of all the process's threads (user + system), which other load on the machine distorts far less than wall time.
console.log(JSON.stringify({ objects: objects.length, files: objects.length + texts.length, maxRssMiB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
