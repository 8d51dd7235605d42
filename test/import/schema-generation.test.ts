import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SchemaValidator } from '../../src/check/schema';
import { readImportEntries, type ImportEntry } from '../../src/import/import-entries';
import { planImports, type ImportPlan } from '../../src/import/plan-imports';
import { readFromFolder } from '../../src/import/read-from-folder';
import { withoutDescriptions } from '../../src/import/strip-descriptions';
import { KUBERNETES_DEFINITIONS_URL, upstreamFilesOf } from '../../src/import/upstream-files';
import { REPO_ROOT } from '../support/repo';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/import/upstream');
const WIDGETS_URL = 'https://raw.githubusercontent.com/example/widgets/v1.0.0/config/crds/example.com_widgets.yaml';
const BUNDLE_URL = 'https://raw.githubusercontent.com/example/bundle/v2.3.4/deploy/example.com_bundle.yaml';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading generated documents

function importsOf(...lines: string[]): ImportEntry[] {
  return readImportEntries('cdk8s.yaml', `imports:\n${lines.map((line) => `  - ${line}\n`).join('')}`);
}

async function planFromFixture(entries: readonly ImportEntry[]): Promise<ImportPlan> {
  return planImports(entries, await readFromFolder(FIXTURE)(upstreamFilesOf(entries)));
}

function fileOf(plan: ImportPlan, file: string): string {
  const found = plan.schemaFiles.find((candidate) => candidate.path === file);
  if (found === undefined) throw new Error(`${file} not generated; got ${plan.schemaFiles.map((f) => f.path).join(', ')}`);
  return found.content;
}

/** Every `description` keyword of a schema node below `schema` (not properties named so). */
function schemaDescriptions(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  const found: string[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description') found.push(at || '/');
    else if (['properties', 'patternProperties', 'definitions'].includes(keyword)) {
      for (const [name, child] of Object.entries(value as Json)) found.push(...schemaDescriptions(child, `${at}/${keyword}/${name}`));
    } else if (['anyOf', 'allOf', 'oneOf'].includes(keyword)) {
      (value as unknown[]).forEach((child, index) => found.push(...schemaDescriptions(child, `${at}/${keyword}/${index}`)));
    } else if (['items', 'additionalProperties', 'not'].includes(keyword)) found.push(...schemaDescriptions(value, `${at}/${keyword}`));
  }
  return found;
}

describe('withoutDescriptions', () => {
  it('drops the keyword at every level of a schema and nothing else', () => {
    const schema = {
      description: 'root',
      type: 'object',
      properties: {
        description: { description: 'a property named description', type: 'string' },
        list: { type: 'array', items: { description: 'item', type: 'string' } },
        map: { type: 'object', additionalProperties: { description: 'value', type: 'integer' } },
        either: { anyOf: [{ description: 'one', type: 'integer' }, { type: 'string' }] },
        data: { type: 'object', default: { description: 'data' }, enum: [{ description: 'data' }], example: { description: 'data' } },
      },
    };
    expect(withoutDescriptions(schema)).toEqual({
      type: 'object',
      properties: {
        description: { type: 'string' },
        list: { type: 'array', items: { type: 'string' } },
        map: { type: 'object', additionalProperties: { type: 'integer' } },
        either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
        data: { type: 'object', default: { description: 'data' }, enum: [{ description: 'data' }], example: { description: 'data' } },
      },
    });
  });
});

describe('the schemas npm run import generates (fixture upstream files)', () => {
  let plan: ImportPlan;
  let widget: Json;
  let definitions: Json;
  beforeAll(async () => {
    plan = await planFromFixture(importsOf(`example-widget:=${WIDGETS_URL}`));
    widget = JSON.parse(fileOf(plan, 'crds/example.com_widgets.json')) as Json;
    definitions = JSON.parse(fileOf(plan, 'k8s/v1.28/_definitions.json')) as Json;
  });

  it('are the Kubernetes definitions and one JSON file per imported CRD', () => {
    expect(plan.schemaFiles.map((file) => file.path)).toEqual(['crds/example.com_widgets.json', 'k8s/v1.28/_definitions.json']);
    expect(Object.keys(definitions.definitions as Json)).toEqual([
      'io.k8s.api.core.v1.ConfigMap',
      'io.k8s.api.scheduling.v1.PriorityClass',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    ]);
  });

  it('start with a header naming the upstream source and its version', () => {
    expect(fileOf(plan, 'crds/example.com_widgets.json')).toMatch(
      /^\{\n "\$comment": "Generated by npm run import from cdk8s\.yaml import example-widget: https:\/\/raw\.githubusercontent\.com\/example\/widgets\/v1\.0\.0\/config\/crds\/example\.com_widgets\.yaml \(example\/widgets v1\.0\.0\)\. .*Do not edit/,
    );
    expect(definitions.$comment).toContain(`from ${KUBERNETES_DEFINITIONS_URL} (cdk8s-team/cdk8s 71f8cba7ecc809d861e837e842217202d5e5a16c, Kubernetes v1.28)`);
    expect(Object.keys(definitions)[0]).toBe('$comment');
  });

  it('strip schema descriptions but keep a property named "description", printer columns and data', () => {
    const version = widget.spec.versions[0];
    const schema = version.schema.openAPIV3Schema;
    expect(schemaDescriptions(schema)).toEqual([]);
    expect(schema.properties.spec.properties.description).toEqual({ type: 'string' });
    expect(schema.properties.spec.properties.size.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    expect(schema.properties.spec.properties.settings.default).toEqual({ description: 'data that happens to have this key' });
    expect(schema.properties.spec.properties.mode.enum).toEqual(['fast', '=']);
    expect(version.additionalPrinterColumns[0].description).toBe('How big the widget is (a printer column, not a schema)');

    expect(schemaDescriptions(definitions)).toEqual([]);
    const priorityClass = definitions.definitions['io.k8s.api.scheduling.v1.PriorityClass'];
    expect(priorityClass.properties.description).toEqual({ type: 'string' });
    expect(priorityClass['x-kubernetes-group-version-kind']).toEqual([{ group: 'scheduling.k8s.io', kind: 'PriorityClass', version: 'v1' }]);
  });

  it('keep the versions the CRD serves and drop the others', () => {
    expect(widget.spec.versions.map((version: Json) => version.name)).toEqual(['v1']);
  });

  it('are deterministic: sorted keys, one value per line, the same bytes whatever the key order upstream', async () => {
    const again = await planFromFixture(importsOf(`example-widget:=${WIDGETS_URL}`));
    expect(again.schemaFiles).toEqual(plan.schemaFiles);
    for (const file of plan.schemaFiles) expect(file.content).toBe(`${JSON.stringify(JSON.parse(file.content), null, 1)}\n`);
    expect(Object.keys(widget)).toEqual(['$comment', 'apiVersion', 'kind', 'metadata', 'spec']);

    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
    const texts = await readFromFolder(FIXTURE)(upstreamFilesOf(importsOf(`example-widget:=${WIDGETS_URL}`)));
    texts.set(WIDGETS_URL, stringify(reversed(parse(texts.get(WIDGETS_URL)!, { version: '1.2' }))));
    texts.set(KUBERNETES_DEFINITIONS_URL, JSON.stringify(reversed(JSON.parse(texts.get(KUBERNETES_DEFINITIONS_URL)!))));
    expect(texts.get(WIDGETS_URL)!.indexOf('versions:')).toBeLessThan(texts.get(WIDGETS_URL)!.indexOf('group:'));
    expect(planImports(importsOf(`example-widget:=${WIDGETS_URL}`), texts).schemaFiles).toEqual(plan.schemaFiles);
  });

  /** The plan's schemas written as a schema dir. */
  function schemaDir(): string {
    const generated = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'generated-schemas-'));
    for (const file of plan.schemaFiles) {
      mkdirSync(path.dirname(path.join(generated, file.path)), { recursive: true });
      writeFileSync(path.join(generated, file.path), file.content);
    }
    return generated;
  }

  it('validate objects exactly like the upstream CRD they come from', () => {
    const generated = schemaDir();
    const fromGenerated = SchemaValidator.load(generated);
    const fromUpstream = SchemaValidator.load(FIXTURE);
    const objects = [
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { description: 'kept', size: '50%', mode: '=', parts: [{ name: 'p' }], labels: { a: 'b' } } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', owner: 'x' }, spec: { colour: 'red', size: 1.5, parts: [{}], labels: { a: 1 }, mode: 'slow' } },
      { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'old' } },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, description: 'kept' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' }, binaryData: {} },
    ];
    const findings = (validator: SchemaValidator) => objects.map((object) => validator.validate(object).map((f) => `${f.path}: ${f.message}`));
    expect(findings(fromGenerated)).toEqual([
      [],
      [
        '/metadata/owner: unknown field "owner"',
        '/spec/colour: unknown field "colour"',
        '/spec/labels/a: must be string, got 1',
        '/spec/mode: must be one of "fast", "=", got "slow"',
        '/spec/parts/0/name: missing required field "name"',
        '/spec/size: must be integer or string, got 1.5',
      ],
      [': no schema for example.com/v1beta1 Widget (the pinned CRD has no such version; served: v1)'],
      [],
      ['/binaryData: unknown field "binaryData"'],
    ]);
    // The same verdicts as the upstream YAML, except that a version it does not serve is gone.
    expect(findings(fromGenerated).filter((_, index) => index !== 2)).toEqual(findings(fromUpstream).filter((_, index) => index !== 2));
  });

  it('that were damaged make loading fail, naming the file', () => {
    const generated = schemaDir();
    const crd = path.join(generated, 'crds/example.com_widgets.json');
    writeFileSync(crd, fileOf(plan, 'crds/example.com_widgets.json').slice(0, 200));
    expect(() => SchemaValidator.load(generated)).toThrow(`${crd}: invalid JSON:`);
  });
});

describe('which CRDs an import stands for', () => {
  it('from a file with several, the one whose kind ends the import name, for the schema and the types', async () => {
    const plan = await planFromFixture(importsOf(`example-gadget:=${BUNDLE_URL}`));
    expect(plan.schemaFiles.map((file) => file.path)).toEqual(['crds/example.com_gadgets.json', 'k8s/v1.28/_definitions.json']);
    expect(plan.typeSources).toHaveLength(1);
    const source = plan.typeSources[0]!;
    expect(source.name).toBe('example-gadget');
    expect(source.text.startsWith('---\n')).toBe(true);
    expect(parse(source.text)).toMatchObject({ metadata: { name: 'gadgets.example.com' } });
    expect(source.text).not.toMatch(/Gizmo|Sprocket/);
  });

  it('all of them when the name names none', async () => {
    const plan = await planFromFixture(importsOf(`example-bundle:=${BUNDLE_URL}`));
    expect(plan.schemaFiles.map((file) => file.path)).toEqual(['crds/example.com_gadgets.json', 'crds/example.com_gizmos.json', 'crds/example.com_sprockets.json', 'k8s/v1.28/_definitions.json']);
    expect(plan.typeSources[0]!.text).toBe(readFileSync(path.join(FIXTURE, 'crds/example/example.com_bundle.yaml'), 'utf8').replace(/^# .*\n/, ''));
  });

  it('never the same CRD from two imports', async () => {
    await expect(planFromFixture(importsOf(`a-widget:=${WIDGETS_URL}`, `b-widget:=${WIDGETS_URL}`))).rejects.toThrow(
      'cdk8s.yaml:3: import b-widget defines Widget.example.com again (already from import a-widget, cdk8s.yaml:2); keep one',
    );
  });

  it('and a file without a CRD is an error naming the URL and the import', () => {
    const entries = importsOf(`example-widget:=${WIDGETS_URL}`);
    const texts = new Map([
      [KUBERNETES_DEFINITIONS_URL, '{"definitions":{}}'],
      [WIDGETS_URL, '<html>moved</html>\n'],
    ]);
    expect(() => planImports(entries, texts)).toThrow(`${WIDGETS_URL} (import example-widget, cdk8s.yaml:2): holds no apiextensions.k8s.io/v1 CustomResourceDefinition (is the pinned URL a CRD file?)`);
    texts.set(KUBERNETES_DEFINITIONS_URL, '<html>');
    expect(() => planImports(entries, texts)).toThrow(new RegExp(`^${KUBERNETES_DEFINITIONS_URL.replace(/[.]/g, '\\.')}: not JSON`));
  });
});
