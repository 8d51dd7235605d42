import { pathToFileURL } from 'node:url';

/**
 * Loads one charts/apps/<name>.ts by absolute path. src/launch.mjs swaps this module, in its
 * bundle, for one that imports every app file statically (a bundle cannot import .ts at run
 * time); the app catalog works the same either way.
 */
export function importAppModule(file: string): Promise<{ default?: unknown }> {
  return import(pathToFileURL(file).href) as Promise<{ default?: unknown }>;
}
