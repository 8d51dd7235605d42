import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { download, type Fetcher } from '../../src/import/download';
import { readImportEntries } from '../../src/import/import-entries';
import { readFromFolder } from '../../src/import/read-from-folder';
import { KUBERNETES_DEFINITIONS_URL, upstreamFilesOf } from '../../src/import/upstream-files';
import { REPO_ROOT } from '../support/repo';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/import/upstream');
const WIDGETS_URL = 'https://raw.githubusercontent.com/example/widgets/v1.0.0/config/crds/example.com_widgets.yaml';
const BUNDLE_URL = 'https://raw.githubusercontent.com/example/bundle/v2.3.4/deploy/example.com_bundle.yaml';

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected an error');
}

async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

describe("cdk8s.yaml's imports", () => {
  it('are NAME:=URL entries, each with the line it is written on', () => {
    const text = `language: typescript\nimports:\n  - example-widget:=${WIDGETS_URL}\n  - example-gadget:=${BUNDLE_URL}\n`;
    expect(readImportEntries('cdk8s.yaml', text)).toEqual([
      { name: 'example-widget', url: WIDGETS_URL, where: 'cdk8s.yaml:3' },
      { name: 'example-gadget', url: BUNDLE_URL, where: 'cdk8s.yaml:4' },
    ]);
  });

  it('reports every bad entry at once with file, line, field, value and what is expected', () => {
    const text = `imports:\n  - k8s@1.28\n  - plain:=http://example.com/crd.yaml\n  - ok:=${WIDGETS_URL}\n  - ok:=${BUNDLE_URL}\n`;
    const lines = errorOf(() => readImportEntries('cdk8s.yaml', text)).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^cdk8s\.yaml:2: imports\[0\]: not an import of a pinned CRD URL, got "k8s@1\.28", expected NAME:=https:\/\/<pinned URL of a CRD file>/);
    expect(lines[1]).toMatch(/^cdk8s\.yaml:3: imports\[1\]: not an import of a pinned CRD URL, got "plain:=http:\/\/example\.com\/crd\.yaml"/);
    expect(lines[2]).toBe('cdk8s.yaml:5: imports[3]: module name "ok" is used twice, got also at cdk8s.yaml:4, expected one name per import (it names the generated file)');
  });

  it('must be a list', () => {
    expect(errorOf(() => readImportEntries('cdk8s.yaml', 'language: typescript\n'))).toMatch(/^cdk8s\.yaml:1: imports: missing or not a list/);
  });
});

describe('reading the upstream files from a folder (--from)', () => {
  const entries = readImportEntries('cdk8s.yaml', `imports:\n  - example-widget:=${WIDGETS_URL}\n  - example-gadget:=${BUNDLE_URL}\n`);

  it('takes each file by its base name from any depth, the Kubernetes definitions included', async () => {
    const texts = await readFromFolder(FIXTURE)(upstreamFilesOf(entries));
    expect([...texts.keys()]).toEqual([KUBERNETES_DEFINITIONS_URL, WIDGETS_URL, BUNDLE_URL]);
    expect(texts.get(WIDGETS_URL)).toContain('name: widgets.example.com');
    expect(texts.get(KUBERNETES_DEFINITIONS_URL)).toContain('"io.k8s.api.core.v1.ConfigMap"');
  });

  it('names each missing file, what it is for and its URL (a folder of CRDs only lacks the definitions)', async () => {
    const message = await rejectionOf(readFromFolder(path.join(FIXTURE, 'crds'))(upstreamFilesOf(entries)));
    expect(message).toContain(`1 of 3 upstream files not found by base name below ${path.join(FIXTURE, 'crds')}`);
    expect(message).toContain(`missing _definitions.json: the Kubernetes v1.28 definitions, ${KUBERNETES_DEFINITIONS_URL}`);
    expect(message).not.toContain('example.com_widgets.yaml');
    expect(message).toContain('Point --from at a folder holding every pinned file (e.g. ../shared/upstream');

    const empty = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'no-upstream-'));
    const all = await rejectionOf(readFromFolder(empty)(upstreamFilesOf(entries)));
    expect(all).toContain('3 of 3 upstream files not found');
    expect(all).toContain(`missing example.com_widgets.yaml: import example-widget (cdk8s.yaml:2), ${WIDGETS_URL}`);
  });

  it('refuses a file name found twice rather than guessing', async () => {
    const dir = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'twice-'));
    for (const folder of ['a', 'b']) {
      mkdirSync(path.join(dir, folder));
      writeFileSync(path.join(dir, folder, '_definitions.json'), '{"definitions":{}}');
    }
    const message = await rejectionOf(readFromFolder(dir)(upstreamFilesOf([])));
    expect(message).toContain(`_definitions.json is ambiguous (${path.join('a', '_definitions.json')}, ${path.join('b', '_definitions.json')})`);
  });

  it('fails on a folder that does not exist', async () => {
    expect(await rejectionOf(readFromFolder('/nonexistent/upstream')(upstreamFilesOf([])))).toBe('--from /nonexistent/upstream: /nonexistent/upstream is not a directory');
  });
});

describe('downloading the upstream files (a fake fetch; never the network)', () => {
  function fakeFetch(files: Record<string, string>, requested: string[]): Fetcher {
    return async (url) => {
      requested.push(url);
      const body = files[url];
      return body === undefined ? { ok: false, status: 404, statusText: 'Not Found', text: async () => 'Not Found' } : { ok: true, status: 200, statusText: 'OK', text: async () => body };
    };
  }

  it('downloads each pinned URL once, even when two imports share one', async () => {
    const entries = readImportEntries('cdk8s.yaml', `imports:\n  - example-gadget:=${BUNDLE_URL}\n  - example-gizmo:=${BUNDLE_URL}\n`);
    const requested: string[] = [];
    const texts = await download(fakeFetch({ [KUBERNETES_DEFINITIONS_URL]: '{}', [BUNDLE_URL]: 'bundle' }, requested))(upstreamFilesOf(entries));
    expect(requested.sort()).toEqual([BUNDLE_URL, KUBERNETES_DEFINITIONS_URL].sort());
    expect(texts.get(BUNDLE_URL)).toBe('bundle');
  });

  it('names the URL and the HTTP status of a file that is not there', async () => {
    const entries = readImportEntries('cdk8s.yaml', `imports:\n  - example-widget:=${WIDGETS_URL}\n`);
    const message = await rejectionOf(download(fakeFetch({ [KUBERNETES_DEFINITIONS_URL]: '{}' }, []))(upstreamFilesOf(entries)));
    expect(message).toBe(`cannot download ${WIDGETS_URL} (import example-widget (cdk8s.yaml:2)): HTTP 404 Not Found (is the pinned version or path still published?)`);
  });

  it('says how to work offline when the network is unreachable', async () => {
    const offline: Fetcher = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com'), { code: 'ENOTFOUND' }) });
    };
    const message = await rejectionOf(download(offline)(upstreamFilesOf([])));
    expect(message).toMatch(/^cannot download .*_definitions\.json \(the Kubernetes v1\.28 definitions\): fetch failed \(ENOTFOUND getaddrinfo ENOTFOUND raw\.githubusercontent\.com\)\n/);
    expect(message).toContain('npm run import -- --from <dir>');
  });
});
