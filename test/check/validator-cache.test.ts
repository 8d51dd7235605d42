import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SchemaValidator } from '../../src/check/schema';
import { ParsedYamlCache } from '../../src/check/schema/parsed-yaml-cache';
import { ValidatorCache } from '../../src/check/schema/validator-cache';
import { entryArgs, REPO_ROOT } from '../support/repo';

const fixtureSchemaDir = path.join(REPO_ROOT, 'test/fixtures/schema/minimal');

// One object per failure kind the cached code must reproduce: an unknown field, a Go pattern with
// an inline flag (the project's regexp engine), a format (the project's formats), anyOf, an enum,
// and a $ref into the Kubernetes definitions (metadata).
const OBJECTS = [
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'ok' }, spec: { day: 'MONDAY', since: '2026-01-02T03:04:05Z', size: 3 } },
  {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 7 },
    spec: { colour: 'red', day: 'friday', since: 'yesterday', size: true, mode: 'slow' },
  },
];

function findingsOf(validator: SchemaValidator): unknown[] {
  return OBJECTS.map((object) => validator.validate(object));
}

function filesIn(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .map((f) => path.join(dir, f));
}

describe('SchemaValidator with a validator cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const reference = findingsOf(SchemaValidator.load(fixtureSchemaDir));

  it('finds the same problems as without a cache', () => {
    expect(reference[0]).toEqual([]);
    expect((reference[1] as unknown[]).length).toBeGreaterThanOrEqual(5);
  });

  it('saves compiled validators, and a later run loads them instead of compiling', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'validator-cache-'));
    const cold = SchemaValidator.load(fixtureSchemaDir, { cacheDir });
    expect(findingsOf(cold)).toEqual(reference);
    cold.saveCaches();
    expect(filesIn(path.join(cacheDir, 'validators'), '.cjs')).toHaveLength(1);

    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const warm = SchemaValidator.load(fixtureSchemaDir, { cacheDir });
    expect(findingsOf(warm)).toEqual(reference);
    expect(compile).not.toHaveBeenCalled();
    // V8's code for the loaded validator is saved once validation has run.
    warm.saveCaches();
    expect(filesIn(path.join(cacheDir, 'validators'), '.v8cache')).toHaveLength(1);
    expect(findingsOf(SchemaValidator.load(fixtureSchemaDir, { cacheDir }))).toEqual(reference);
  });

  it('compiles again and replaces a damaged validator or code cache', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'validator-cache-'));
    const first = SchemaValidator.load(fixtureSchemaDir, { cacheDir });
    findingsOf(first);
    first.saveCaches();
    const [validatorFile] = filesIn(path.join(cacheDir, 'validators'), '.cjs');
    writeFileSync(validatorFile!, 'module.exports = (');

    expect(findingsOf(SchemaValidator.load(fixtureSchemaDir, { cacheDir }))).toEqual(reference);
    expect(readFileSync(validatorFile!, 'utf8')).toContain('module.exports');
    expect(readFileSync(validatorFile!, 'utf8')).not.toBe('module.exports = (');

  });

  it('saves V8 code for a loaded validator, and replaces a code cache V8 rejects (in fresh processes)', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'validator-cache-'));
    const objectsFile = path.join(cacheDir, 'objects.json');
    writeFileSync(objectsFile, JSON.stringify(OBJECTS));
    const run = () => {
      const result = spawnSync(process.execPath, entryArgs('test/support/validate-with-cache.ts', fixtureSchemaDir, cacheDir, objectsFile), { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as unknown;
    };
    const validators = path.join(cacheDir, 'validators');
    expect(run()).toEqual(reference); // compiles and saves the validator
    expect(filesIn(validators, '.v8cache')).toHaveLength(0);
    expect(run()).toEqual(reference); // loads it, then saves V8's code for it
    const [codeCacheFile] = filesIn(validators, '.v8cache');
    expect(readFileSync(codeCacheFile!).length).toBeGreaterThan(1000);

    writeFileSync(codeCacheFile!, 'not a code cache');
    expect(run()).toEqual(reference);
    expect(readFileSync(codeCacheFile!, 'utf8')).not.toBe('not a code cache');
  });

  it('keys a validator by the schema and by every document it refers to', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const cache = new ValidatorCache('/unused', ['k8s-1']);
    expect(cache.keyOf(schema)).toBe(cache.keyOf(structuredClone(schema)));
    expect(cache.keyOf(schema)).not.toBe(new ValidatorCache('/unused', ['k8s-2']).keyOf(schema));
    expect(cache.keyOf(schema)).not.toBe(cache.keyOf({ ...schema, required: ['a'] }));
  });
});

describe('ParsedYamlCache', () => {
  it('returns what the yaml package parses, and reuses it for the same text', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parsed-yaml-'));
    const cache = new ParsedYamlCache(dir);
    const text = 'spec:\n  enum: [fast, =]\n  count: 3\n';
    expect(cache.parse(text, '1.2')).toEqual({ spec: { enum: ['fast', '='], count: 3 } });
    const [entry] = filesIn(dir, '.json');
    // Prove the entry is what a second parse returns: replace it with a marker value.
    writeFileSync(entry!, JSON.stringify({ from: 'cache' }));
    expect(cache.parse(text, '1.2')).toEqual({ from: 'cache' });
    // Other text, or the same text as YAML 1.1, is another entry.
    expect(cache.parse(`${text}# changed\n`, '1.2')).toEqual({ spec: { enum: ['fast', '='], count: 3 } });
    expect(filesIn(dir, '.json')).toHaveLength(2);
  });

  it('does not save values JSON cannot represent exactly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parsed-yaml-'));
    expect(new ParsedYamlCache(dir).parse('max: .inf\n', '1.2')).toEqual({ max: Number.POSITIVE_INFINITY });
    expect(filesIn(dir, '.json')).toHaveLength(0);
  });

  it('surfaces YAML errors as the parser reports them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parsed-yaml-'));
    expect(() => new ParsedYamlCache(dir).parse('a: [1, 2\n', '1.2')).toThrow();
    expect(filesIn(dir, '.json')).toHaveLength(0);
  });
});
