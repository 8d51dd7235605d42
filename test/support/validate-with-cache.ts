// Child process for test/check/validator-cache.test.ts: V8 reuses code compiled earlier in the
// same process and then never consults a code cache, so loading one must happen in a fresh process.
// Usage: validate-with-cache.ts <schemaDir> <cacheDir> <objects.json>; prints the findings as JSON.
import { readFileSync } from 'node:fs';
import { SchemaValidator } from '../../src/check/schema';

const [schemaDir, cacheDir, objectsFile] = process.argv.slice(2);
if (!schemaDir || !cacheDir || !objectsFile) throw new Error('usage: validate-with-cache.ts <schemaDir> <cacheDir> <objects.json>');
const validator = SchemaValidator.load(schemaDir, { cacheDir });
const objects = JSON.parse(readFileSync(objectsFile, 'utf8')) as Record<string, unknown>[];
console.log(JSON.stringify(objects.map((object) => validator.validate(object))));
validator.saveCaches();
