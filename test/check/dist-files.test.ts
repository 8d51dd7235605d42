import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDistEnvironment } from '../../src/check/read-dist';
import { podSecurityLevel } from '../../src/check/rules/pod-security';
import { runCheck } from '../../src/check/run-check';
import { fixtureCatalog, fixtureRepository } from '../support/fixture-repository';

/** A pod Argo CD would sync into the shop namespace, and restricted Pod Security forbids. */
const PRIVILEGED_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'escape', namespace: 'shop' },
  spec: { containers: [{ name: 'escape', image: `registry.example.com/x@sha256:${'a'.repeat(64)}`, securityContext: { privileged: true } }] },
};

async function checkLive(root: string) {
  // An empty schema dir keeps this about reading dist/ (schema validation has its own tests).
  const schemaDir = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'no-schemas-'));
  const report = await runCheck({ root, only: ['live'], catalog: fixtureCatalog, rules: [podSecurityLevel], schemaDir, env: {} });
  return report.environments.find((env) => env.environment === 'live')!.findings.filter((f) => f.rule !== 'schema-valid').map((f) => `${f.rule} ${f.file}: ${f.message}`);
}

describe('check reads what Argo CD reads', () => {
  it('parses and checks a .json manifest in dist/ (Argo CD directory sources read .yaml, .yml and .json)', async () => {
    const root = await fixtureRepository();
    writeFileSync(path.join(root, 'dist/live/live/apps/shop/pod-escape.json'), JSON.stringify(PRIVILEGED_POD, null, 2));

    const findings = await checkLive(root);

    expect(findings).toContain('current dist/live/live/apps/shop/pod-escape.json: not rendered by a fresh synth (stale file in dist/)');
    expect(findings).toContain(
      'pod-security-level dist/live/live/apps/shop/pod-escape.json: restricted (privileged): spec.containers[0].securityContext.privileged: container "escape" sets securityContext.privileged=true; allowed: false or unset',
    );
  });

  it('reads a JSON list of objects and reports a JSON document that is not an object', () => {
    const dist = path.join(mkdirTemp(), 'dist');
    mkdirSync(path.join(dist, 'live/apps/shop'), { recursive: true });
    writeFileSync(path.join(dist, 'live/apps/shop/pods.json'), JSON.stringify([PRIVILEGED_POD, PRIVILEGED_POD]));
    writeFileSync(path.join(dist, 'live/apps/shop/broken.json'), '"just a string"');

    const read = readDistEnvironment(dist, 'live');

    expect(read.objects.map((o) => `${o.file} ${o.object.kind}`)).toEqual(['apps/shop/pods.json Pod', 'apps/shop/pods.json Pod']);
    expect(read.unreadable).toEqual([{ file: 'apps/shop/broken.json', message: 'expected a Kubernetes object, got string' }]);
  });

  it('reports a symbolic link in dist/ and never follows it, even to a file a rule would fail', async () => {
    const root = await fixtureRepository();
    const outside = path.join(root, 'pod-escape.yaml');
    writeFileSync(outside, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: escape\n  namespace: shop\nspec:\n  containers:\n    - name: escape\n      image: registry.example.com/x@sha256:${'a'.repeat(64)}\n      securityContext:\n        privileged: true\n`);
    symlinkSync(outside, path.join(root, 'dist/live/live/apps/shop/pod-escape.yaml'));

    const findings = await checkLive(root);

    expect(findings).toEqual(['dist-readable dist/live/live/apps/shop/pod-escape.yaml: a symbolic link: dist/ holds only regular files (Argo CD would follow a link, the check does not)']);
  });

  it('reports a symbolic link to a folder and a .jsonnet file, which Argo CD would evaluate', () => {
    const dist = path.join(mkdirTemp(), 'dist');
    mkdirSync(path.join(dist, 'live/apps/shop'), { recursive: true });
    mkdirSync(path.join(dist, 'elsewhere'));
    writeFileSync(path.join(dist, 'elsewhere/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n');
    symlinkSync(path.join(dist, 'elsewhere'), path.join(dist, 'live/apps/linked'));
    writeFileSync(path.join(dist, 'live/apps/shop/objects.jsonnet'), '{}');

    const read = readDistEnvironment(dist, 'live');

    expect(read.objects).toEqual([]);
    expect(read.unreadable).toEqual([
      { file: 'apps/linked', message: 'a symbolic link: dist/ holds only regular files (Argo CD would follow a link, the check does not)' },
      { file: 'apps/shop/objects.jsonnet', message: 'Argo CD evaluates .jsonnet files in a directory source; dist/ holds only rendered YAML' },
    ]);
  });
});

function mkdirTemp(): string {
  return mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'dist-files-'));
}
