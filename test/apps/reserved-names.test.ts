import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildEnvironment } from '../../charts/environment';
import { AppDefinitionError, definitionProblems } from '../../charts/lib/app/definition-problems';
import type { AppDefinition } from '../../charts/lib/app-definition';
import { TENANT_NAMESPACE_LABEL } from '../../charts/lib/platform-names';
import type { AppCatalog } from '../../src/app-catalog';
import { renderAll } from '../../src/synth-pipeline';
import { FIXTURE_ROOT, fixtureCatalog, fixtureConfigs, renderFixture } from '../support/fixture-repository';

const fixtureApps = [...fixtureCatalog.values()].map((entry) => entry.definition);
const shop = fixtureCatalog.get('shop')!.definition;

/** Whether an app of this name is refused: by its definition, or when its environment is built. */
function refusal(name: string, environment = fixtureConfigs.at(-1)!): string | undefined {
  const app: AppDefinition = { ...shop, name };
  const reserved = definitionProblems(app).find((p) => p.field === 'name' && p.problem.startsWith('reserved: '));
  if (reserved) return reserved.problem;
  try {
    buildEnvironment(new App(), { environment, apps: [...fixtureApps, app] });
  } catch (error) {
    if (error instanceof AppDefinitionError && error.app === name) return error.problems[0]?.problem;
    // Past the name check, the app fails for lacking overlay entries: its name was accepted.
    expect(String(error)).toContain(`apps.${name} is missing`);
  }
  return undefined;
}

describe('reserved app names', () => {
  it('refuses every name an Application or a platform namespace of the rendered output has', async () => {
    for (const env of await renderFixture()) {
      const environment = fixtureConfigs.find((c) => c.cluster.distPath === env.name)!;
      const names = new Set<string>();
      for (const { object } of env.objects) {
        if (object.kind === 'Application' && !fixtureCatalog.has(object.metadata.name)) names.add(object.metadata.name);
        if (object.kind === 'Namespace' && object.metadata.labels?.[TENANT_NAMESPACE_LABEL] === undefined) names.add(object.metadata.name);
        if (object.kind === 'AppProject') names.add(object.metadata.name);
      }
      expect(names.size).toBeGreaterThan(10);
      for (const name of [...names].sort()) expect(refusal(name, environment), `${env.name}: ${name}`).toMatch(/^reserved: /);
    }
  });

  it('refuses the namespaces Kubernetes owns, and Argo CD\'s namespace from the overlay', () => {
    expect(refusal('kube-system')).toBe('reserved: kube-* namespaces belong to Kubernetes');
    expect(refusal('default')).toBe('reserved: the Kubernetes default namespace');
    expect(refusal(fixtureConfigs[0]!.argocd.namespace, fixtureConfigs[0])).toBe('reserved: the Argo CD namespace (overlays/dev/environment.yaml argocd.namespace)');
  });

  it('accepts an ordinary name', () => {
    expect(refusal('orders')).toBeUndefined();
  });

  it('names the app file and line when the built platform uses the name (synth fails, naming no construct)', async () => {
    const root = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'reserved-names-'));
    cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
    for (const env of fixtureConfigs.map((c) => c.name)) {
      for (const [file, key] of [['apps.yaml', 'apps'], ['images.yaml', 'images']] as const) {
        const overlay = path.join(root, 'overlays', env, file);
        const doc = parseDocument(readFileSync(overlay, 'utf8'));
        doc.setIn([key, 'velero'], doc.getIn([key, 'shop']));
        writeFileSync(overlay, String(doc));
      }
    }
    const module = path.join(root, 'velero.ts');
    writeFileSync(module, "import { defineApp } from '../lib/app-definition';\n\nexport default defineApp({\n  name: 'velero',\n});\n");
    const catalog: AppCatalog = new Map([...fixtureCatalog, ['velero', { definition: { ...shop, name: 'velero' }, file: 'charts/apps/velero.ts', path: module }]]);

    await expect(renderAll({ root, catalog })).rejects.toThrow(
      new Error('charts/apps/velero.ts:4: name: reserved: the namespace of platform component backup, got "velero", expected a name that no platform component, platform namespace or Argo CD object uses'),
    );
  });
});
