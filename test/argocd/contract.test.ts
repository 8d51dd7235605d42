import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOperatorApplied } from '../../charts/lib/operator-applied';
import { PLATFORM_CLUSTER_KINDS } from '../../charts/argocd/projects';
import { groupOf, isClusterScoped } from '../../charts/lib/cluster-scoped';
import { helmRepositoryProblem } from '../../charts/lib/helm-repository';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { REPO_ROOT, renderRepository } from '../support/repo';

interface ApplicationLike extends KubeObject {
  readonly spec: {
    readonly project: string;
    readonly destination: { readonly namespace?: string };
    readonly source?: { readonly path?: string; readonly chart?: string; readonly repoURL?: string };
    readonly sources?: ReadonlyArray<{ readonly path?: string; readonly chart?: string; readonly repoURL?: string }>;
    readonly syncPolicy: { readonly automated: { readonly prune: boolean; readonly selfHeal: boolean }; readonly retry: { readonly limit: number; readonly refresh?: boolean } };
  };
}

function applications(env: RenderedEnvironment): ApplicationLike[] {
  return env.objects.filter((o) => o.object.kind === 'Application').map((o) => o.object as ApplicationLike);
}

function pathsOf(app: ApplicationLike): string[] {
  const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
  return sources.flatMap((s) => (s.path ? [s.path] : []));
}

const environments = await renderRepository();

describe.each(environments.map((env) => [env.environment, env] as const))('Argo CD contract in %s', (name, env) => {
  const apps = applications(env);
  const root = env.objects.find((o) => o.file === 'root.yaml')?.object as ApplicationLike | undefined;

  it('has a root Application in root.yaml that syncs dist/<env>/argocd', () => {
    expect(root?.kind).toBe('Application');
    expect(pathsOf(root!)).toEqual([`dist/${env.name}/argocd`]);
  });

  it('owns every rendered object by exactly one Application path (root.yaml aside), and the restore templates by none', () => {
    const folders = apps.flatMap(pathsOf).map((p) => `${p}/`);
    for (const rendered of env.objects) {
      if (rendered.file === 'root.yaml') continue;
      const owners = folders.filter((folder) => `dist/${env.name}/${rendered.file}`.startsWith(folder));
      expect(owners, rendered.file).toHaveLength(isOperatorApplied(rendered.folder) ? 0 : 1);
    }
  });

  it('gives every chart source a repoURL Argo CD renders as a Helm chart (https:// repository or OCI registry path, never oci://)', () => {
    const charts = apps.flatMap((app) => (app.spec.sources ?? (app.spec.source ? [app.spec.source] : [])).filter((s) => s.chart !== undefined).map((s) => ({ app: app.metadata.name, repoURL: s.repoURL ?? '' })));
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.flatMap(({ app, repoURL }) => { const problem = helmRepositoryProblem(repoURL); return problem === undefined ? [] : [`${app}: ${problem}`]; })).toEqual([]);
  });

  it('points every Application path at a non-empty folder of the committed dist/', () => {
    for (const app of apps) {
      for (const appPath of pathsOf(app)) {
        const dir = path.join(REPO_ROOT, appPath);
        expect(existsSync(dir), appPath).toBe(true);
        expect(readdirSync(dir).filter((f) => f.endsWith('.yaml')).length, appPath).toBeGreaterThan(0);
      }
    }
  });

  it('gives every child Application a project, the finalizer (but Argo CD\'s own), automated sync and retry', () => {
    const children = apps.filter((a) => a !== root);
    expect(children.length).toBeGreaterThan(1);
    for (const app of children) {
      expect(['platform', 'apps']).toContain(app.spec.project);
      expect(app.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toMatch(/^-?\d+$/);
      // Deleting Argo CD's own Application must orphan Argo CD, never delete it.
      if (app.metadata.name === 'argo-cd') expect(app.metadata).not.toHaveProperty('finalizers');
      else expect(app.metadata).toHaveProperty('finalizers', ['resources-finalizer.argocd.argoproj.io']);
      expect(app.spec.syncPolicy.automated).toMatchObject({ prune: true, selfHeal: true });
      // Retries never run out (a bootstrap must not depend on timing), always with the latest commit.
      expect(app.spec.syncPolicy.retry).toMatchObject({ limit: -1, refresh: true });
    }
  });

  it('syncs the application namespaces (tenancy) before every application that runs in them', () => {
    const wave = (a: ApplicationLike | undefined) => Number(a?.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
    const tenancy = apps.find((a) => a.metadata.name === 'tenancy');
    for (const app of apps.filter((a) => a.spec.project === 'apps')) expect(wave(tenancy), app.metadata.name).toBeLessThan(wave(app));
  });

  it('renders a namespace on exactly the namespaced objects', () => {
    for (const rendered of env.objects) {
      expect(rendered.object.metadata.namespace === undefined, rendered.file).toBe(isClusterScoped(rendered.object.apiVersion, rendered.object.kind));
    }
  });

  it('allows only listed cluster-scoped kinds in the platform project, and none in apps', () => {
    const projectOfFolder = new Map(apps.flatMap((a) => pathsOf(a).map((p) => [p, a.spec.project] as const)));
    for (const rendered of env.objects) {
      const { apiVersion, kind } = rendered.object;
      if (!isClusterScoped(apiVersion, kind) || rendered.folder === '' || rendered.folder === 'argocd') continue;
      const project = projectOfFolder.get(`dist/${env.name}/${rendered.folder}`);
      expect(project, rendered.file).toBe('platform');
      expect(PLATFORM_CLUSTER_KINDS, rendered.file).toContainEqual({ group: groupOf(apiVersion), kind });
    }
  });

  it('restricts the apps project to the application namespaces', () => {
    const project = env.objects.find((o) => o.object.kind === 'AppProject' && o.object.metadata.name === 'apps')?.object as unknown as {
      spec: { destinations: Array<{ namespace: string }>; clusterResourceWhitelist: unknown[] };
    };
    const appNamespaces = apps.filter((a) => a.spec.project === 'apps').map((a) => a.spec.destination.namespace).sort();
    expect(project.spec.destinations.map((d) => d.namespace)).toEqual(appNamespaces);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
  });
});
