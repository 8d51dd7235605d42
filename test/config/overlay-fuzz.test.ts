import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { renderAll, synth } from '../../src/synth-pipeline';
import { FIXTURE_ROOT, fixtureCatalog, fixtureDefinedApps, fixtureRepository } from '../support/fixture-repository';
import { readTree } from '../support/repo';

/**
 * Property-based fuzzing of the overlays: random mutations of the fixture repository's overlay
 * files (keys deleted, scalars of other types, odd and huge strings, aliases, duplicate keys,
 * wrong nesting, stray characters). Every mutation either loads and renders, or fails with a
 * ConfigError whose every line is `overlays/<the mutated file>:<line>: ...`, never anything
 * else; a synth that fails writes nothing. Seeded and bounded in runs, so a run is repeatable.
 */

const SEED = 20_260_601;
const ENVIRONMENTS = ['dev', 'qa', 'live'] as const;
const FILES = ['environments.yaml', ...ENVIRONMENTS.flatMap((env) => ['environment.yaml', 'apps.yaml', 'images.yaml', 'platform.yaml'].map((file) => `${env}/${file}`))];
const ORIGINALS = new Map(FILES.map((file) => [file, readFileSync(path.join(FIXTURE_ROOT, 'overlays', file), 'utf8')]));

type Path = readonly (string | number)[];

/** Every path into a file's data (mappings and lists, down to the scalars), in document order. */
function pathsOf(file: string): Path[] {
  const paths: Path[] = [];
  const walk = (value: unknown, at: Path): void => {
    paths.push(at);
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
  };
  walk(parseDocument(ORIGINALS.get(file)!).toJS(), []);
  return paths.filter((p) => p.length > 0);
}
const PATHS = new Map(FILES.map((file) => [file, pathsOf(file)]));

/** Strings a careless or hostile user might type. */
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '\u200b', 'a\u200bb', 'x\u0000y', 'tab\there', 'rtl\u202eevil', 'line\u2028sep', '\ufeff', '0', '0Mi', '-1', '1e9', 'null', '~', 'yes', '*', '&a', '!!binary', '{', '[', ': x', '#', 'https://u:p@host', 'sha256:' + 'a'.repeat(64), 'latest', 'kube-system', 'a'.repeat(64), 'x'.repeat(5000)),
);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), oddString, { maxKeys: 2 }),
);

type Mutation =
  | { kind: 'delete' | 'wrap-list' | 'wrap-map' | 'unknown-key' | 'alias-of-sibling'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'duplicate-line' | 'undefined-alias'; at: number }
  | { kind: 'insert-text'; at: number; text: string }
  | { kind: 'rename-key'; at: number; key: string }
  | { kind: 'replace-document'; value: unknown }
  | { kind: 'alias-bomb' | 'huge-file' | 'second-document' | 'crlf' | 'byte-order-mark' | 'empty' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete', 'wrap-list', 'wrap-map', 'unknown-key', 'alias-of-sibling', 'duplicate-line', 'undefined-alias'), at: fc.nat() }) as fc.Arbitrary<Mutation>,
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('insert-text' as const), at: fc.nat(), text: oddString }),
  fc.record({ kind: fc.constant('rename-key' as const), at: fc.nat(), key: oddString }),
  fc.record({ kind: fc.constant('replace-document' as const), value: oddValue }),
  fc.record({ kind: fc.constantFrom('alias-bomb' as const, 'huge-file' as const, 'second-document' as const, 'crlf' as const, 'byte-order-mark' as const, 'empty' as const) }),
);

/** The file's text after the mutation. */
function mutate(file: string, m: Mutation): string {
  const text = ORIGINALS.get(file)!;
  const paths = PATHS.get(file)!;
  const doc = parseDocument(text);
  const target = 'at' in m ? paths[m.at % paths.length]! : [];
  switch (m.kind) {
    case 'delete':
      doc.deleteIn(target);
      return String(doc);
    case 'set':
      doc.setIn(target, doc.createNode(m.value));
      return String(doc);
    case 'wrap-list':
      doc.setIn(target, doc.createNode([doc.getIn(target)]));
      return String(doc);
    case 'wrap-map':
      doc.setIn(target, doc.createNode({ value: doc.getIn(target) }));
      return String(doc);
    case 'unknown-key': {
      // A key nobody expects in the mapping, or an extra item in the list, holding the target.
      const parent = target.length === 1 ? doc.contents : doc.getIn(target.slice(0, -1), true);
      if (isSeq(parent)) parent.add('unexpected');
      else doc.setIn([...target.slice(0, -1), 'unexpected'], 'x');
      return String(doc);
    }
    case 'alias-of-sibling':
      return withAliasOfSibling(doc, target);
    case 'duplicate-line': {
      const lines = text.split('\n');
      const index = m.at % lines.length;
      lines.splice(index, 0, lines[index]!);
      return lines.join('\n');
    }
    case 'undefined-alias':
      return text.replace(/: [^\n#]+/g, (match, offset: number) => (offset % 7 === m.at % 7 ? ': *nowhere' : match));
    case 'insert-text': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'alias-bomb': {
      const nine = (item: string) => `[${Array.from({ length: 9 }, () => item).join(', ')}]`;
      return `a: &a ${nine('x')}\nb: &b ${nine('*a')}\nc: &c ${nine('*b')}\nd: ${nine('*c')}\n${text}`;
    }
    case 'huge-file':
      return `${text}# ${'x'.repeat(1024 * 1024)}\n`;
    case 'rename-key': {
      const parent = target.length === 1 ? doc.contents : doc.getIn(target.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === target.at(-1)) : undefined;
      if (pair && isScalar(pair.key)) pair.key.value = m.key;
      return String(doc);
    }
    case 'replace-document':
      return String(new Document(m.value));
    case 'second-document':
      return `${text}---\n${text}`;
    case 'crlf':
      return text.replaceAll('\n', '\r\n');
    case 'byte-order-mark':
      return `\ufeff${text}`;
    case 'empty':
      return '';
  }
}

/** Replaces a value with an alias of an earlier sibling value (anchors it if needed). */
function withAliasOfSibling(doc: Document, target: Path): string {
  const parent = doc.getIn(target.slice(0, -1), true);
  if (!isMap(parent) || parent.items.length < 2) return String(doc);
  const first = parent.items[0]!;
  const source = first.value;
  if (!source || !(isMap(source) || isScalar(source)) || (isScalar(first.key) && first.key.value === target.at(-1))) return String(doc);
  const alias = doc.createAlias(source);
  doc.setIn(target, alias);
  return String(doc);
}

const PROBLEM_LINE = /^overlays\/(environments\.yaml|(dev|qa|live)\/(environment|apps|images|platform)\.yaml):[1-9]\d*: /;

function scratchOverlays(): string {
  const root = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'overlay-fuzz-'));
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  return root;
}

/** The outcome of loading and rendering: undefined when both worked, else the ConfigError's lines. */
async function loadAndRender(root: string, file: string): Promise<string[] | undefined> {
  try {
    const configs = loadOverlays({ root, definedApps: fixtureDefinedApps });
    // The mutated environment; for environments.yaml the first one (all are loaded either way).
    const env = file.split('/')[0]!;
    const first = configs[0]?.name;
    await renderAll({ root, catalog: fixtureCatalog, only: ENVIRONMENTS.includes(env as never) ? [env] : first === undefined ? undefined : [first] });
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw new Error(`${file}: not a ConfigError: ${error instanceof Error ? error.stack : String(error)}`);
    return error.message.split('\n');
  }
}

describe('overlay fuzzing (fast-check, seeded)', () => {
  it('every mutation loads and renders, or fails with lines `overlays/<mutated file>:<line>: ...`', async () => {
    const root = scratchOverlays();
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILES), mutation, async (file, m) => {
        const target = path.join(root, 'overlays', file);
        writeFileSync(target, mutate(file, m));
        try {
          const lines = await loadAndRender(root, file);
          if (lines === undefined) return;
          failed++;
          for (const line of lines) {
            expect(line).toMatch(PROBLEM_LINE);
            expect(line.startsWith(`overlays/${file}:`), line).toBe(true);
          }
        } finally {
          writeFileSync(target, ORIGINALS.get(file)!);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
    // The mutations must mostly break something, or the property says little.
    expect(failed).toBeGreaterThan(20);
  });

  it('a synth that fails on a mutated overlay leaves dist/ exactly as it was', async () => {
    const root = await fixtureRepository();
    const dist = path.join(root, 'dist');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILES), mutation, async (file, m) => {
        const target = path.join(root, 'overlays', file);
        const before = readTree(dist);
        writeFileSync(target, mutate(file, m));
        try {
          await synth({ root, catalog: fixtureCatalog });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect(readTree(dist)).toEqual(before);
        } finally {
          writeFileSync(target, ORIGINALS.get(file)!);
        }
      }),
      { seed: SEED + 1, numRuns: 4 },
    );
  });
});
