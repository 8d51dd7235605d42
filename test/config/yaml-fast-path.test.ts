import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { syntheticName, writeSyntheticOverlays } from '../../bench/synthetic-apps';
import { productionEnvironment, writeFleetClusters } from '../../bench/synthetic-fleet';
import { readPlainYaml } from '../../src/config/plain-yaml';
import { YamlSource } from '../../src/config/yaml-source';
import { REPO_ROOT } from '../support/repo';
import { canonical, disagreement } from '../support/yaml-readers';
import { editedYaml, generatedYaml } from '../support/yaml-texts';

/**
 * The fast path (src/config/plain-yaml.ts: js-yaml's event parser) must read every text it
 * accepts exactly as the yaml package's Document path does: the same data (types, key order,
 * -0, NaN), the same strings with the same paths and lines, and no problem the Document path
 * would report. Texts it declines go to the Document path, so the overall YamlSource is the
 * Document path's, problems included. docs/decisions/overlay-parsing.md.
 */

/** Every *.yaml below a folder named overlays, below `dir`. */
function overlayFiles(dir: string, inOverlays = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : overlayFiles(full, inOverlays || entry.name === 'overlays');
    return inOverlays && entry.name.endsWith('.yaml') ? [full] : [];
  });
}

/**
 * The fixtures' overlays (ours: plain YAML, so each must take the fast path) and the repository's
 * own overlays and cdk8s.yaml (the user's: an anchor or a tab there is their right and sends the
 * file to the yaml package, so those must only read the same whichever path takes them).
 */
const FIXTURE_FILES = overlayFiles(path.join(REPO_ROOT, 'test', 'fixtures'));
const REPOSITORY_FILES = [...overlayFiles(path.join(REPO_ROOT, 'overlays'), true), path.join(REPO_ROOT, 'cdk8s.yaml')];

/**
 * The benchmark's generated overlays (written with the yaml package, as set-image and promote
 * write), each with the repository's file it was made from (undefined for a cluster file the
 * fleet generator writes whole).
 */
function benchmarkFiles(): { readonly file: string; readonly source: string | undefined }[] {
  const root = mkdtempSync(path.join(tmpdir(), 'fast-path-bench-'));
  writeSyntheticOverlays(REPO_ROOT, root, Array.from({ length: 12 }, (_, index) => syntheticName(index)));
  const production = productionEnvironment(root);
  const generated = new Set(writeFleetClusters(root, production, 3).map((cluster) => path.join(root, 'overlays', production, 'clusters', `${cluster}.yaml`)));
  return overlayFiles(root, false).map((file) => {
    const source = path.join(REPO_ROOT, path.relative(root, file));
    return { file, source: generated.has(file) || !existsSync(source) ? undefined : source };
  });
}

/**
 * A deeper run with fresh seeds: YAML_FAST_PATH_RUNS=20000 npx vitest run test/config/yaml-fast-path.test.ts
 * (fast-check prints the seed of a failure). Otherwise the fixed seeds and counts below.
 */
const DEEP_RUNS = Number(process.env['YAML_FAST_PATH_RUNS'] ?? 0);
const runs = (numRuns: number, seed: number) => (DEEP_RUNS > 0 ? { numRuns: DEEP_RUNS } : { numRuns, seed });

function accepted(text: string): boolean {
  return 'data' in readPlainYaml(text, () => 0);
}

describe('the repository\'s own YAML', () => {
  it('finds the overlay files it compares (the fixture repository, the fleet fixture, the real overlays)', () => {
    const fixtures = FIXTURE_FILES.map((file) => path.relative(REPO_ROOT, file));
    expect(fixtures).toEqual(expect.arrayContaining(['test/fixtures/repository/overlays/environments.yaml', 'test/fixtures/repository/overlays/live/images.yaml', 'test/fixtures/fleet/overlays/live/clusters/live-eu.yaml']));
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    // Every repository has its environments file.
    expect(REPOSITORY_FILES.map((file) => path.relative(REPO_ROOT, file))).toContain('overlays/environments.yaml');
  });

  it.each(FIXTURE_FILES.map((file) => [path.relative(REPO_ROOT, file), file]))('%s takes the fast path and reads exactly as with the yaml package', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(readPlainYaml(text, () => 0)).not.toHaveProperty('declined');
    expect(disagreement(text)).toBeUndefined();
  });

  it.each(REPOSITORY_FILES.map((file) => [path.relative(REPO_ROOT, file), file]))('%s reads exactly as with the yaml package', (_name, file) => {
    expect(disagreement(readFileSync(file, 'utf8'))).toBeUndefined();
  });

  it('the benchmark\'s generated overlays (12 apps, a fleet of 3) take the fast path and read exactly as with the yaml package', () => {
    const files = benchmarkFiles();
    expect(files.length).toBeGreaterThan(12);
    for (const { file, source } of files) {
      const text = readFileSync(file, 'utf8');
      // What the generator adds is plain; a repository file it started from may not be (its owner's anchors).
      if (source === undefined || accepted(readFileSync(source, 'utf8'))) expect(accepted(text), file).toBe(true);
      expect(disagreement(text), file).toBeUndefined();
    }
  });
});

describe('random texts (fast-check, seeded)', () => {
  it('generated YAML: whatever the fast path accepts, the yaml package accepts with the same data, strings and lines', () => {
    let fast = 0;
    fc.assert(
      fc.property(generatedYaml, (text) => {
        if (accepted(text)) fast++;
        expect(disagreement(text)).toBeUndefined();
      }),
      runs(1500, 20_261_205),
    );
    // Many generated texts are invalid or unusual on purpose; enough must be accepted to mean something.
    expect(fast).toBeGreaterThan(400);
  });

  it('edited real overlays: the same, for one to three random edits of YAML-significant characters, lines and indentation', () => {
    const texts = REPOSITORY_FILES.filter((file) => file.includes(`${path.sep}overlays${path.sep}`)).map((file) => readFileSync(file, 'utf8'));
    let fast = 0;
    fc.assert(
      fc.property(editedYaml(texts), (text) => {
        if (accepted(text)) fast++;
        expect(disagreement(text)).toBeUndefined();
      }),
      runs(400, 20_261_206),
    );
    expect(fast).toBeGreaterThan(150);
  });

  it('YamlSource reports exactly the yaml package\'s problems whatever the text (the fast path never hides one)', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(generatedYaml, editedYaml(REPOSITORY_FILES.slice(0, 12).map((file) => readFileSync(file, 'utf8')))), (text) => {
        const document = new YamlSource('f.yaml', text, { documentOnly: true });
        const source = new YamlSource('f.yaml', text);
        if (document.problems.length > 0) refused++;
        expect(source.problems).toEqual(document.problems);
        if (document.problems.length === 0) expect(canonical(source.data)).toBe(canonical(document.data));
      }),
      runs(600, 20_261_207),
    );
    expect(refused).toBeGreaterThan(100);
  });
});

/** Hand-picked texts in the plain subset, around folding, chomping, escapes, keys and numbers. */
const PLAIN_TEXTS = [
  'a: b\n  c\n\n  d\ne: f',
  "a: 'x\n\n  y'\nb: 'it''s'",
  'a: "x\\\n  y"\nb: "x \\t y \\/ \\_ \\N \\L \\P \\e \\a \\v \\0 \\x41 \\u00e9 \\U0001F600 \\uD800"',
  '- - a\n  - b\n- c: d\n  e: f\n-\n- ""',
  'a   : b\n"c" : d\n? e\n: f',
  'a: b # c\nd: b#c\ne: "#"\nf: x #',
  'a:\n- b\n- c\nd:\n  - e',
  'a: |\n  x\n\n  y\n\nb: |+\n  x\n\nc: |-\n  x\n\nd: >\n  x\n  y\n\n   z\n  w\ne: |\n',
  'a: |\r\n  x\r\n  y\r\nb: "c\r\n  d"\r\n',
  '---\na: 1\n',
  '--- |\n  root\n',
  '  a: 1\n  b: 2\n',
  'a: ~\nb:\nc: null\nd: Null\ne: NULL\nf: nULL\ng: ""',
  'a: [0o17, 0x1F, 0777, +1, -0, 1_000, 1e3, .5, -.5, 1., .inf, -.Inf, .NaN, -.nan, 12345678901234567890, 2024-01-01, 1:20]',
  'a: [true, True, TRUE, tRUE, yes, on, false, No, off, y, n]',
  '8080: http\n0x10: hex\ntrue: yes\n1.5: f\n.inf: i\n-0: z\n',
  '__proto__: a\ntoString: b\nconstructor: {x: 1}\nhasOwnProperty: c',
  'a: {b: [c, {d: e}], f: {}, g: []}\nh: [[], [[]], {i: j}]',
  'a: é\nb: 日本\n😀: c\nd: "\\u200b"\ne: a\u200bb',
  `a: ${'x'.repeat(1000)}`,
];

describe('hand-picked texts', () => {
  it.each(PLAIN_TEXTS.map((text) => [JSON.stringify(text).slice(0, 60), text]))('%s: read exactly as with the yaml package', (_name, text) => {
    expect(disagreement(text)).toBeUndefined();
  });

  it('takes the fast path for nearly all of them (the comparison above must not be vacuous)', () => {
    expect(PLAIN_TEXTS.filter((text) => !accepted(text)).map((text) => [text, readPlainYaml(text, () => 0)])).toEqual([]);
  });
});

describe('texts left to the yaml package, and why', () => {
  const declined = (text: string) => {
    const result = readPlainYaml(text, () => 0);
    return 'declined' in result ? result.declined : 'accepted';
  };

  it.each([
    ['a tab', 'a:\tb\n', 'a tab'],
    ['a carriage return without a line feed', 'a: 1\rb: 2\r', 'a carriage return without a line feed'],
    ['a byte order mark', '\ufeff- a\n', 'a byte order mark'],
    ['a %YAML directive', '%YAML 1.1\n---\na: yes\n', 'a directive'],
    ['an unknown directive', '%X\n---\na: 1\n', 'a directive'],
    ['a document end marker', 'a: 1\n...\n', 'a document end marker'],
    ['a line over 1024 characters', `${'k'.repeat(1100)}: v\n`, 'a line over 1024 characters'],
    ['a syntax error', 'a: [b\n', expect.stringMatching(/^js-yaml refuses it \(/)],
    ['nesting over 100 levels', `${'['.repeat(101)}${']'.repeat(101)}`, expect.stringMatching(/^js-yaml refuses it \(/)],
    ['two documents', 'a: 1\n---\nb: 2\n', 'more than one document'],
    ['no document', '# only a comment\n', 'no document'],
    ['a tag', 'a: !!str 1\n', 'a tag'],
    ['an anchor', 'a: &x 1\n', 'an anchor'],
    ['an alias', 'a: 1\nb: *x\n', expect.stringMatching(/alias/)],
    ['a collection as a key', '? [a]\n: b\n', 'a collection as a key'],
    ['a null key', '~: a\n', 'a null key'],
    ['an empty key', ': a\n', expect.stringMatching(/null key|js-yaml refuses/)],
    ['a duplicate key', 'a: 1\na: 2\n', 'the key "a" twice in one mapping'],
    ['keys equal once stringified', '1: a\n"1": b\n', 'the key "1" twice in one mapping'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n', 'a flow collection over more than one line'],
    ['a flow collection closing on the next line', 'a: {b: 1\n  }\n', 'a flow collection over more than one line'],
    ['a block scalar with an indentation indicator', 'a: |2\n   x\n', 'a block scalar with an indentation indicator'],
  ])('%s', (_name, text, reason) => {
    expect(declined(text)).toEqual(reason);
    // Declined or not, YamlSource is the yaml package's.
    const document = new YamlSource('f.yaml', text, { documentOnly: true });
    const source = new YamlSource('f.yaml', text);
    expect(source.problems).toEqual(document.problems);
    expect(source.data === undefined ? undefined : canonical(source.data)).toEqual(document.data === undefined ? undefined : canonical(document.data));
  });

  it('each reason is a real difference: what js-yaml alone would make of these texts is not the yaml package\'s', () => {
    const yamlPackage = (text: string) => canonical(parseDocument(text).toJS());
    const jsYaml = (text: string) => canonical(load(text));
    // YAML 1.1 by directive: yes is a boolean to the yaml package.
    expect(yamlPackage('%YAML 1.1\n---\na: yes\n')).toBe('{"a":true}');
    expect(jsYaml('%YAML 1.1\n---\na: yes\n')).toBe('{"a":"yes"}');
    // A null key.
    expect(yamlPackage('~: a\n')).toBe('{"":"a"}');
    expect(jsYaml('~: a\n')).toBe('{"null":"a"}');
    // `1` and `"1"`: two keys to the yaml package, the last wins.
    expect(yamlPackage('1: a\n"1": b\n')).toBe('{"1":"b"}');
    expect(() => load('1: a\n"1": b\n')).toThrow(/duplicated mapping key/);
    // An indentation indicator at the document's top.
    expect(yamlPackage('|2\n  x\n')).toBe('"x\\n"');
    expect(jsYaml('|2\n  x\n')).toBe('" x\\n"');
    // A document end marker then a start: two documents to the yaml package, one to js-yaml.
    expect(parseDocument('...\n---\n').errors.map((error) => error.code)).toContain('MULTIPLE_DOCS');
    expect(() => load('...\n---\n')).not.toThrow();
    // A byte order mark before a block sequence.
    expect(parseDocument('\ufeff- a\n').errors).not.toEqual([]);
    expect(load('\ufeff- a\n')).toEqual(['a']);
    // A flow collection closing at its parent's indentation: valid to the yaml package, not to js-yaml.
    expect(yamlPackage('a: [1,\n  2\n]\n')).toBe('{"a":[n:1,n:2]}');
    expect(() => load('a: [1,\n  2\n]\n')).toThrow(/deficient indentation/);
    // Numbers past the double range: the yaml package's Infinity, js-yaml's string.
    expect(yamlPackage(`a: ${'9'.repeat(400)}\n`)).toBe('{"a":n:Infinity}');
    expect(jsYaml(`a: ${'9'.repeat(400)}\n`)).toBe(`{"a":"${'9'.repeat(400)}"}`);
    expect(canonical(new YamlSource('f.yaml', `a: ${'9'.repeat(400)}\n`).data)).toBe('{"a":n:Infinity}');
  });
});

describe('line numbers on the fast path', () => {
  const text = 'apps:\n  shop:\n    replicas: 2\n  8080:\n    name: "a\\u200bb"\n    pem: |\n      x\n';

  it('parses no Document for an accepted text until a line is asked for', () => {
    const source = new YamlSource('f.yaml', text);
    const strings = source.strings();
    expect(strings.map(({ value, isKey, isBlock }) => [value, isKey, isBlock])).toEqual([
      ['apps', true, false],
      ['shop', true, false],
      ['replicas', true, false],
      ['name', true, false],
      ['a\u200bb', false, false],
      ['pem', true, false],
      ['x\n', false, true],
    ]);
    expect(strings[4]!.path).toEqual(['apps', '8080', 'name']);
    expect(source.documentParsed).toBe(false);
    expect(strings[4]!.line).toBe(5);
    expect(source.documentParsed).toBe(true);
  });

  it('gives each string the line the Document path gives it, a string below a numeric key included', () => {
    const lines = (source: YamlSource) => source.strings().map((string) => `${string.path.join('.')}${string.isKey ? ' (key)' : ''}: ${string.line}`);
    expect(lines(new YamlSource('f.yaml', text))).toEqual(lines(new YamlSource('f.yaml', text, { documentOnly: true })));
    expect(lines(new YamlSource('f.yaml', text))).toContain('apps.8080.name: 5');
  });

  it('answers lineOfPath and lineOfKey from the Document, as before', () => {
    const source = new YamlSource('f.yaml', text);
    expect(source.lineOfPath(['apps', 'shop', 'replicas'])).toBe(3);
    expect(source.lineOfPath(['apps', 'shop', 'missing'])).toBe(3);
    expect(source.lineOfKey(['apps'], 'shop')).toBe(2);
  });
});
