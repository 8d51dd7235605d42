import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { definedAppFiles, loadAppCatalog, withAppFile, type AppCatalog } from './app-catalog';
import { REPO_ROOT } from './repo-root';
import type { EnvironmentConfig } from './config/environment-config';
import { loadOverlays } from './config/load-overlays';
import type { EnvironmentProps } from '../charts/environment';
import { environmentTree, renderEnvironment, renderEnvironmentFiles, type EnvironmentBuilder, type RenderedEnvironment, type RenderedFiles } from './render/render-environment';
import type { PublishHook } from './render/publish-hook';
import { writeDist, type TreeChanges } from './render/write-dist';
import type { AppDefinition } from '../charts/lib/app-definition';

export interface SynthOptions {
  /** Repository whose overlays/ is read (and whose dist/ is written, unless outDir says otherwise). */
  readonly root: string;
  /** Where environments are written; dist/ below root by default. */
  readonly outDir?: string;
  /** Render only these environments (all when empty or undefined). */
  readonly only?: readonly string[];
  /** Replaces the real chart tree; for tests that need a chart to fail. */
  readonly build?: EnvironmentBuilder;
  /**
   * The applications to render; this checkout's charts/apps/ when undefined. Tests pass the
   * fixture repository's apps, the benchmark generated ones. Each entry's `file` is used in
   * error messages.
   */
  readonly catalog?: AppCatalog;
  /** Called at each step of writing dist/ (src/render/publish-hook.ts); the crash tests use it. */
  readonly onPublishPoint?: PublishHook;
}

export interface EnvironmentSummary extends TreeChanges {
  readonly name: string;
  readonly clusters: number;
  readonly objects: number;
  readonly files: number;
  readonly seconds: number;
}

export { REPO_ROOT };

/** Loads and validates every overlay, then renders the chosen environments in memory, with every object's JSON (for the checks). */
export async function renderAll(options: SynthOptions): Promise<{ rendered: RenderedEnvironment[]; seconds: Map<string, number>; configs: readonly EnvironmentConfig[] }> {
  return renderEach(options, renderEnvironment);
}

/**
 * Renders, then swaps the result into place; a failure anywhere leaves the output untouched.
 * Environments are rendered one at a time and each is staged (written below a staging folder,
 * src/render/write-dist.ts) before the next is rendered, so only one environment's text is held
 * at once. When the output is shared (the repository's dist/), the caller holds the writer lock
 * (src/cli/lib/exclusive-writer.ts).
 */
export async function synth(options: SynthOptions): Promise<EnvironmentSummary[]> {
  const { wanted, apps, catalog } = await prepare(options);
  const outDir = options.outDir ?? path.join(options.root, 'dist');
  const partial = options.only !== undefined && options.only.length > 0;
  const names = [...new Set(wanted.map((environment) => environment.name))];
  const summaries = new Map<string, Omit<EnvironmentSummary, keyof TreeChanges>>();
  function* trees(): Generator<[string, Map<string, string>]> {
    for (const name of names) {
      // Files only: synth writes the objects' YAML and has no use for their JSON afterwards.
      const clusters = wanted.filter((environment) => environment.name === name).map((environment) => timed(() => renderOne(renderEnvironmentFiles, { environment, apps }, options, catalog)));
      const tree = environmentTree(clusters.map(({ result }) => result));
      summaries.set(name, {
        name,
        clusters: clusters.length,
        objects: clusters.reduce((sum, { result }) => sum + result.objectCount, 0),
        files: tree.size,
        seconds: clusters.reduce((sum, { seconds }) => sum + seconds, 0),
      });
      yield [name, tree];
    }
  }
  const changes = writeDist(outDir, { names, trees: trees() }, !partial, options.onPublishPoint);
  return names.map((name) => ({ ...summaries.get(name)!, ...(changes.get(name) ?? { added: 0, changed: 0, removed: 0 }) }));
}

async function renderEach<R extends RenderedFiles>(options: SynthOptions, render: (props: EnvironmentProps, build?: EnvironmentBuilder) => R): Promise<{ rendered: R[]; seconds: Map<string, number>; configs: readonly EnvironmentConfig[] }> {
  const { configs, wanted, apps, catalog } = await prepare(options);
  const seconds = new Map<string, number>();
  const rendered = wanted.map((environment) => {
    const { result, seconds: took } = timed(() => renderOne(render, { environment, apps }, options, catalog));
    seconds.set(environment.cluster.distPath, took);
    return result;
  });
  return { rendered, seconds, configs };
}

/** The apps, every cluster's validated config, and the clusters to render. */
async function prepare(options: SynthOptions): Promise<{ configs: readonly EnvironmentConfig[]; wanted: readonly EnvironmentConfig[]; apps: AppDefinition[]; catalog: AppCatalog }> {
  const catalog = options.catalog ?? (await loadAppCatalog(REPO_ROOT));
  const definedApps = definedAppFiles(catalog);
  // All environments are validated even when one is rendered: a broken prod overlay should not
  // hide behind `--env dev`.
  const configs = loadOverlays({ root: options.root, definedApps });
  const wanted = selectEnvironments(configs, options.only);
  const apps = [...catalog.values()].map((entry) => entry.definition);
  return { configs, wanted, apps, catalog };
}

/** Renders one cluster; an error from an app's definition names the app's file. */
function renderOne<R>(render: (props: EnvironmentProps, build?: EnvironmentBuilder) => R, props: EnvironmentProps, options: SynthOptions, catalog: AppCatalog): R {
  try {
    return render(props, options.build);
  } catch (error) {
    throw withAppFile(error, catalog);
  }
}

function timed<R>(run: () => R): { result: R; seconds: number } {
  const start = performance.now();
  const result = run();
  return { result, seconds: (performance.now() - start) / 1000 };
}

function selectEnvironments(configs: readonly EnvironmentConfig[], only: readonly string[] | undefined): readonly EnvironmentConfig[] {
  if (only === undefined || only.length === 0) return configs;
  const known = configs.map((c) => c.name);
  for (const name of only) {
    if (!known.includes(name)) throw new Error(`unknown environment '${name}', expected one of: ${known.join(', ')} (overlays/environments.yaml)`);
  }
  return configs.filter((c) => only.includes(c.name));
}
