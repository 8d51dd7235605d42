import { readFileSync } from 'node:fs';
import path from 'node:path';
import { definedAppFiles, type AppCatalog } from '../../app-catalog';
import type { EnvironmentConfig } from '../../config/environment-config';
import { loadOverlays } from '../../config/load-overlays';
import { Refusal } from './command';
import { breakGlassIn } from './images-file';

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
  /** Environment -> app -> reason, for images set by break-glass rather than by promotion. */
  readonly breakGlass: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function loadRepositoryState(root: string, catalog: AppCatalog): RepositoryState {
  const configs = loadOverlays({ root, definedApps: definedAppFiles(catalog) });
  const apps = [...catalog.keys()].sort();
  return {
    root,
    catalog,
    chain: configs.map((c) => c.name),
    apps,
    environments: new Map(configs.map((c) => [c.name, c])),
    breakGlass: new Map(configs.map((c) => [c.name, breakGlassMarks(root, c.name, apps)])),
  };
}

function breakGlassMarks(root: string, env: string, apps: readonly string[]): ReadonlyMap<string, string> {
  const text = readFileSync(path.join(root, imagesFilePath(env)), 'utf8');
  return new Map(apps.flatMap((app) => {
    const reason = breakGlassIn(text, app);
    return reason === undefined ? [] : [[app, reason] as const];
  }));
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
