// The floor: the cheapest way to produce the same files. Reads the final objects (already plain
// JSON) and writes each as YAML with the yaml package, one file per object. Plain JavaScript so
// that no TypeScript loader adds start-up time the floor would not have.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

const [objectsFile, outDir] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(objectsFile, 'utf8'));
const made = new Set();
for (const [file, object] of objects) {
  const target = path.join(outDir, file);
  const dir = path.dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(target, stringify(object, { keepUndefined: true, lineWidth: 0, version: '1.1' }));
}
console.log(JSON.stringify({ objects: objects.length, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
