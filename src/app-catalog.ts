import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { AppDefinition } from '../charts/lib/app-definition';
import { importAppModule } from './import-app-module';

/** The applications of a repository by name: what charts/apps/ defines. */
export type AppCatalog = ReadonlyMap<string, CatalogEntry>;

export interface CatalogEntry {
  readonly definition: AppDefinition;
  /** Repository-relative file that defines the app, for error messages. */
  readonly file: string;
}

/**
 * Discovers the applications: every charts/apps/<name>.ts whose default export is the
 * defineApp() result for <name>. Adding an app is adding one file; nothing else lists apps.
 */
export async function loadAppCatalog(repoRoot: string): Promise<AppCatalog> {
  const dir = path.join(repoRoot, 'charts', 'apps');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const catalog = new Map<string, CatalogEntry>();
  for (const file of files) {
    const relative = `charts/apps/${file}`;
    const module = await importAppModule(path.join(dir, file));
    const definition = module.default;
    if (!isAppDefinition(definition)) {
      throw new Error(`${relative}: default export must be defineApp({...}), got ${typeof definition}`);
    }
    const expected = file.slice(0, -'.ts'.length);
    if (definition.name !== expected) {
      throw new Error(`${relative}: app name must match the file name, got '${definition.name}', expected '${expected}'`);
    }
    catalog.set(definition.name, { definition, file: relative });
  }
  return catalog;
}

/** App name -> the file that defines it, as the overlay loader cross-checks them. */
export function definedAppFiles(catalog: AppCatalog): Map<string, string> {
  return new Map([...catalog].map(([name, entry]) => [name, entry.file]));
}

function isAppDefinition(value: unknown): value is AppDefinition {
  // defineApp() freezes its result; a hand-written object literal is not validated.
  return typeof value === 'object' && value !== null && Object.isFrozen(value) && typeof (value as { name?: unknown }).name === 'string';
}
