import { readFileSync } from 'node:fs';
import path from 'node:path';
import { definedAppFiles, type AppCatalog } from '../../app-catalog';
import type { EnvironmentConfig } from '../../config/environment-config';
import { loadOverlays } from '../../config/load-overlays';
import { Refusal } from './command';
import { parseText, type ParsedText } from './images-file';

/**
 * What the promotion commands know about a repository: the promotion chain, the apps it defines,
 * the validated overlays below `root` (one config per cluster) and the text of every overlay file
 * an image lives in (images.yaml and the cluster files), which edits splice and break-glass marks
 * are read from.
 */
export interface RepositoryState {
  readonly root: string;
  readonly catalog: AppCatalog;
  /** Environments in promotion order (overlays/environments.yaml). */
  readonly chain: readonly string[];
  /** App names, sorted. */
  readonly apps: readonly string[];
  /** Environment -> its clusters' configs (environment values with the cluster's overrides), wave by wave. */
  readonly clusters: ReadonlyMap<string, readonly EnvironmentConfig[]>;
  /** Repository-relative overlay file -> its text: every overlays/<env>/images.yaml and cluster file. */
  readonly texts: ReadonlyMap<string, string>;
  /** One of those files, parsed on first use and then kept (status reads every app from them). */
  readonly parsed: (file: string) => ParsedText;
}

export function loadRepositoryState(root: string, catalog: AppCatalog): RepositoryState {
  const configs = loadOverlays({ root, definedApps: definedAppFiles(catalog) });
  const chain = [...new Set(configs.map((c) => c.name))];
  const files = [...chain.map(imagesFilePath), ...configs.flatMap((c) => (c.cluster.overlayFile === undefined ? [] : [c.cluster.overlayFile]))];
  const texts = new Map(files.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
  const parsed = new Map<string, ParsedText>();
  return {
    root,
    catalog,
    chain,
    apps: [...catalog.keys()].sort(),
    clusters: new Map(chain.map((env) => [env, configs.filter((c) => c.name === env)])),
    texts,
    parsed: (file) => {
      let entry = parsed.get(file);
      if (entry === undefined) {
        entry = parseText(texts.get(file)!);
        parsed.set(file, entry);
      }
      return entry;
    },
  };
}

export function requireApp(state: RepositoryState, app: string): void {
  if (!state.apps.includes(app)) throw new Refusal(`unknown app '${app}', expected one of: ${state.apps.join(', ')} (charts/apps/)`);
}

/** The environment's clusters, wave by wave; refused for an environment the chain does not name. */
export function requireEnvironment(state: RepositoryState, env: string): readonly EnvironmentConfig[] {
  const clusters = state.clusters.get(env);
  if (!clusters) throw new Refusal(`unknown environment '${env}', expected one of: ${state.chain.join(', ')} (overlays/environments.yaml)`);
  return clusters;
}

/** Repository-relative path of an environment's images file. */
export function imagesFilePath(env: string): string {
  return `overlays/${env}/images.yaml`;
}
