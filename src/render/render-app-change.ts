import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { definedAppFiles, withAppFile, type AppCatalog } from '../app-catalog';
import { loadOverlays } from '../config/load-overlays';
import { synth } from '../synth-pipeline';
import type { PublishHook } from './publish-hook';
import { renderAppCharts } from './render-app-charts';
import { listFiles, writeDist } from './write-dist';

export interface AppChangeOptions {
  /** Repository whose overlays/ is read and whose dist/ is written (unless outDir says otherwise). */
  readonly root: string;
  readonly catalog: AppCatalog;
  /** The environment whose overlay changed. */
  readonly env: string;
  /**
   * The apps whose own entries changed (images.yaml: repository, digest): only their folders of
   * the environment's clusters are rendered and published.
   */
  readonly apps: readonly string[];
  /** dist/ below root by default. */
  readonly outDir?: string;
  /** Called at each step of writing dist/ (src/render/publish-hook.ts). */
  readonly onPublishPoint?: PublishHook;
}

export interface AppChangeResult {
  /** What was rendered: the apps' folders, or the whole environment when dist/ lacked one of them. */
  readonly rendered: 'app-folders' | 'environment';
  /** The re-rendered files before and after, keyed by path below dist/ (<env>/<cluster>/apps/<app>/<file>). */
  readonly before: ReadonlyMap<string, string>;
  readonly after: ReadonlyMap<string, string>;
}

/**
 * Re-renders what a change of some apps' images in one environment can affect, and publishes it.
 *
 * An app's image reaches exactly one place: that app's own chart (charts/lib/app/app-context.ts
 * is the only reader of EnvironmentConfig.images), whose files are the folder
 * dist/<env>/<cluster>/apps/<app>/ of each cluster. So instead of the whole environment (the
 * platform and every app: seconds at 1000 apps) this renders just those folders and swaps them in
 * through the same journaled writer as a synth: all folders of the change or none, also across
 * a crash; the caller holds the writer lock. test/render/render-app-change.test.ts proves the
 * result byte-identical to a full synth of the changed overlays.
 *
 * Only the environment's overlays are loaded: the caller validated every environment moments
 * ago under the writer lock and has changed one file of this one since. Anything else in dist/
 * that a full synth would change was already stale before the change and stays as it was
 * (`npm run check` reports it). Where dist/ has no folder for the app in one of the clusters
 * (never synthesized, or a cluster added since), the whole environment is rendered instead, as
 * synth would, so no app folder is published without its Argo CD Application.
 */
export async function renderAppChange(options: AppChangeOptions): Promise<AppChangeResult> {
  const outDir = options.outDir ?? path.join(options.root, 'dist');
  const folders = renderAppFolders(options);
  if ([...folders.keys()].some((folder) => !existsSync(path.join(outDir, folder)))) return renderWholeEnvironment(options, outDir);

  const before = new Map([...folders.keys()].flatMap((folder) => [...readFolder(outDir, folder)]));
  writeDist(outDir, folders, false, options.onPublishPoint);
  const after = new Map([...folders].flatMap(([folder, files]) => [...files].map(([file, text]): [string, string] => [`${folder}/${file}`, text])));
  return { rendered: 'app-folders', before, after };
}

/**
 * The apps' folders of every cluster of the environment, rendered from its overlays as they are
 * now: folder below dist/ (<env>/<cluster>/apps/<app>) -> file name -> YAML text.
 */
export function renderAppFolders(options: Pick<AppChangeOptions, 'root' | 'catalog' | 'env' | 'apps'>): Map<string, ReadonlyMap<string, string>> {
  const { root, catalog, env, apps } = options;
  const clusters = loadOverlays({ root, definedApps: definedAppFiles(catalog), environments: [env] });
  if (clusters.length === 0) throw new Error(`unknown environment '${env}' (overlays/environments.yaml)`);
  const definitions = [...catalog.values()].map((entry) => entry.definition);
  const folders = new Map<string, ReadonlyMap<string, string>>();
  for (const environment of clusters) {
    let rendered;
    try {
      rendered = renderAppCharts(environment, definitions, apps);
    } catch (error) {
      throw withAppFile(error, catalog);
    }
    for (const { folder, files } of rendered) folders.set(`${environment.cluster.distPath}/${folder}`, files);
  }
  return folders;
}

async function renderWholeEnvironment(options: AppChangeOptions, outDir: string): Promise<AppChangeResult> {
  const { root, catalog, env } = options;
  const before = readFolder(outDir, env);
  await synth({ root, catalog, only: [env], outDir, onPublishPoint: options.onPublishPoint });
  return { rendered: 'environment', before, after: readFolder(outDir, env) };
}

/** Files below dist/<folder>, keyed by their path below dist/, in path order. */
export function readFolder(outDir: string, folder: string): Map<string, string> {
  const dir = path.join(outDir, folder);
  return new Map([...listFiles(dir)].sort().map((file): [string, string] => [`${folder}/${file}`, readFileSync(path.join(dir, file), 'utf8')]));
}
