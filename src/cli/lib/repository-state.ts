import { definedAppFiles, type AppCatalog } from '../../app-catalog';
import type { EnvironmentConfig } from '../../config/environment-config';
import { loadOverlays } from '../../config/load-overlays';
import { Refusal } from './command';

/**
 * What the promotion commands know about a repository: the promotion chain, the apps it defines
 * and the validated overlays below `root`.
 */
export interface RepositoryState {
  readonly root: string;
  readonly catalog: AppCatalog;
  /** Environments in promotion order (overlays/environments.yaml). */
  readonly chain: readonly string[];
  /** App names, sorted. */
  readonly apps: readonly string[];
  readonly environments: ReadonlyMap<string, EnvironmentConfig>;
}

export function loadRepositoryState(root: string, catalog: AppCatalog): RepositoryState {
  const configs = loadOverlays({ root, definedApps: definedAppFiles(catalog) });
  return {
    root,
    catalog,
    chain: configs.map((c) => c.name),
    apps: [...catalog.keys()].sort(),
    environments: new Map(configs.map((c) => [c.name, c])),
  };
}

export function requireApp(state: RepositoryState, app: string): void {
  if (!state.apps.includes(app)) throw new Refusal(`unknown app '${app}', expected one of: ${state.apps.join(', ')} (charts/apps/)`);
}

export function requireEnvironment(state: RepositoryState, env: string): EnvironmentConfig {
  const config = state.environments.get(env);
  if (!config) throw new Refusal(`unknown environment '${env}', expected one of: ${state.chain.join(', ')} (overlays/environments.yaml)`);
  return config;
}

/** Repository-relative path of an environment's images file. */
export function imagesFilePath(env: string): string {
  return `overlays/${env}/images.yaml`;
}
