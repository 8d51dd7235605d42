import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_CACHE_DIR } from '../../src/check/schema-check';
import { resolveSchemaDir, SchemaValidator } from '../../src/check/schema';
import { FetchSchemasError, fetchSchemas, type Fetcher } from '../../src/check/schema/fetch-schemas';
import { cdk8sImportUrls, crdTarget, KUBERNETES_DEFINITIONS_URL, PINNED_CRD_URLS, schemaDownloads } from '../../src/check/schema/schema-sources';
import { REPO_ROOT } from '../support/repo';

const fixtures = path.join(REPO_ROOT, 'test/fixtures/schema/minimal');
const definitions = readFileSync(path.join(fixtures, 'k8s/v1.28/_definitions.json'), 'utf8');
const widgetCrd = readFileSync(path.join(fixtures, 'crds/example/example.com_widgets.yaml'), 'utf8');
const WIDGET_URL = 'https://raw.githubusercontent.com/example/widgets/v1.0.0/config/crds/example.com_widgets.yaml';

/** A fetch that serves fixtures by URL and records what was asked; never touches the network. */
function fakeFetch(files: Record<string, string>, requested: string[] = []): Fetcher {
  return async (url) => {
    requested.push(url);
    const body = files[url];
    return body === undefined ? { ok: false, status: 404, statusText: 'Not Found', text: async () => 'Not Found' } : { ok: true, status: 200, statusText: 'OK', text: async () => body };
  };
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'fetch-schemas-'));
}

describe('the schema download plan', () => {
  it('stores CRDs as crds/<repository>/<file>, like ../shared/upstream', () => {
    expect(crdTarget('https://raw.githubusercontent.com/cert-manager/cert-manager/v1.21.1/deploy/crds/cert-manager.io_clusterissuers.yaml')).toBe('crds/cert-manager/cert-manager.io_clusterissuers.yaml');
    expect(crdTarget('https://example.com/crds/widget.yaml')).toBe('crds/example.com/widget.yaml');
  });

  it('starts with the pinned Kubernetes v1.28 definitions at k8s/v1.28/_definitions.json', () => {
    expect(schemaDownloads([])).toEqual([{ url: KUBERNETES_DEFINITIONS_URL, target: 'k8s/v1.28/_definitions.json', kind: 'kubernetes-definitions' }]);
    expect(KUBERNETES_DEFINITIONS_URL).toMatch(/\/cdk8s-team\/cdk8s\/[0-9a-f]{40}\/kubernetes-schemas\/v1\.28\.0\/_definitions\.json$/);
  });

  it('downloads every cdk8s.yaml import and every pinned CRD once, each pinned to a version', () => {
    const imports = cdk8sImportUrls(readFileSync(path.join(REPO_ROOT, 'cdk8s.yaml'), 'utf8'));
    expect(imports.length).toBeGreaterThan(0);
    const downloads = schemaDownloads([...imports, ...PINNED_CRD_URLS]);
    const urls = downloads.map((d) => d.url);
    for (const url of imports) expect(urls).toContain(url);
    expect(new Set(urls).size).toBe(urls.length);
    for (const download of downloads.filter((d) => d.kind === 'crd')) {
      expect(download.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/(v?\d+\.\d+\.\d+|[0-9a-f]{40})\//);
      expect(download.target).toMatch(/^crds\/[^/]+\/[^/]+\.yaml$/);
    }
  });

  it('reads module:=url entries of cdk8s.yaml imports', () => {
    expect(cdk8sImportUrls('imports:\n  - widgets:=https://example.com/w.yaml\n  - k8s@1.28\n')).toEqual(['https://example.com/w.yaml']);
  });

  it('fails when two versions of one CRD file are pinned', () => {
    const other = WIDGET_URL.replace('v1.0.0', 'v2.0.0');
    expect(() => schemaDownloads([WIDGET_URL, other])).toThrow(/two CRD URLs would be stored as crds\/widgets\/example.com_widgets.yaml/);
  });
});

describe('fetchSchemas (with a fake fetch, no network)', () => {
  it('writes the layout the check reads, which resolveSchemaDir then picks as the cache', async () => {
    const root = scratch();
    const outDir = path.join(root, SCHEMA_CACHE_DIR);
    const requested: string[] = [];
    const downloads = schemaDownloads([WIDGET_URL]);
    const result = await fetchSchemas({ downloads, outDir, fetch: fakeFetch({ [KUBERNETES_DEFINITIONS_URL]: definitions, [WIDGET_URL]: widgetCrd }, requested) });
    expect(result.files).toBe(2);
    expect(requested).toEqual([KUBERNETES_DEFINITIONS_URL, WIDGET_URL]);
    expect(readFileSync(path.join(outDir, 'k8s/v1.28/_definitions.json'), 'utf8')).toBe(definitions);
    expect(existsSync(path.join(outDir, 'crds/widgets/example.com_widgets.yaml'))).toBe(true);
    expect(resolveSchemaDir({ env: {}, cacheDir: outDir, repoRoot: root })).toEqual({ dir: outDir, source: 'cache' });
    expect(SchemaValidator.load(outDir).hasSchemaFor('example.com/v1', 'Widget')).toBe(true);
  });

  it('fails clearly when offline, and leaves an existing cache untouched', async () => {
    const outDir = path.join(scratch(), 'schemas');
    mkdirSync(outDir);
    writeFileSync(path.join(outDir, 'keep.txt'), 'previous download');
    const offline: Fetcher = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com'), { code: 'ENOTFOUND' }) });
    };
    const error: unknown = await fetchSchemas({ downloads: schemaDownloads([]), outDir, fetch: offline }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchSchemasError);
    expect((error as Error).message).toMatch(/fetch failed \(ENOTFOUND .*\)\nnpm run fetch-schemas needs internet access/);
    expect(readFileSync(path.join(outDir, 'keep.txt'), 'utf8')).toBe('previous download');
    expect(existsSync(`${outDir}.partial-${process.pid}`)).toBe(false);
  });

  it('fails on an HTTP error, naming the URL and status', async () => {
    const outDir = path.join(scratch(), 'schemas');
    await expect(fetchSchemas({ downloads: schemaDownloads([WIDGET_URL]), outDir, fetch: fakeFetch({ [KUBERNETES_DEFINITIONS_URL]: definitions }) })).rejects.toThrow(
      `cannot download ${WIDGET_URL}: HTTP 404 Not Found`,
    );
    expect(existsSync(outDir)).toBe(false);
  });

  it('fails when a download is not what it should be (an HTML page instead of a CRD)', async () => {
    const outDir = path.join(scratch(), 'schemas');
    const files = { [KUBERNETES_DEFINITIONS_URL]: definitions, [WIDGET_URL]: '<html>moved</html>' };
    await expect(fetchSchemas({ downloads: schemaDownloads([WIDGET_URL]), outDir, fetch: fakeFetch(files) })).rejects.toThrow(`${WIDGET_URL}: expected a CustomResourceDefinition`);
  });
});
