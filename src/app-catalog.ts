import { readdirSync } from 'node:fs';
import path from 'node:path';
import { AppDefinitionError, definitionProblems } from '../charts/lib/app/definition-problems';
import type { AppDefinition } from '../charts/lib/app-definition';
import { deepFreeze } from './config/environment-config';
import { showText } from './config/text';
import { formatAppProblems } from './app-problems';
import { importAppModule } from './import-app-module';

/** The applications of a repository by name: what charts/apps/ defines. */
export type AppCatalog = ReadonlyMap<string, CatalogEntry>;

export interface CatalogEntry {
  readonly definition: AppDefinition;
  /** Repository-relative file that defines the app, for error messages. */
  readonly file: string;
  /** Absolute path of that file, to name the line of a problem found later (reserved names). */
  readonly path?: string;
}

/**
 * Discovers the applications: every charts/apps/<name>.ts whose default export is a valid app
 * definition for <name>. Whatever a module exports is validated (defineApp() checks its argument
 * too; an object literal that skips it gets the same checks). Every file's problems are
 * collected, then thrown as one plain Error whose lines are `file:line: field: ...`.
 * Adding an app is adding one file; nothing else lists apps.
 */
export async function loadAppCatalog(repoRoot: string): Promise<AppCatalog> {
  const dir = path.join(repoRoot, 'charts', 'apps');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const catalog = new Map<string, CatalogEntry>();
  const problems: string[] = [];
  for (const file of files) {
    const source = { file: `charts/apps/${file}`, path: path.join(dir, file) };
    let exported: unknown;
    try {
      exported = (await importAppModule(source.path)).default;
    } catch (error) {
      if (error instanceof AppDefinitionError) problems.push(...formatAppProblems(source, error.problems));
      else problems.push(`${source.file}:1: (module): cannot be loaded: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
      continue;
    }
    const found = definitionProblems(exported);
    if (found.length > 0) {
      problems.push(...formatAppProblems(source, found));
      continue;
    }
    const definition = deepFreeze(exported as AppDefinition);
    const expected = file.slice(0, -'.ts'.length);
    if (definition.name !== expected) {
      problems.push(...formatAppProblems(source, [{ path: ['name'], field: 'name', problem: 'does not match the file name', got: showText(definition.name), expected: showText(expected) }]));
      continue;
    }
    catalog.set(definition.name, { definition, ...source });
  }
  if (problems.length > 0) throw new Error(`${problems.length} problem(s) in charts/apps/:\n${problems.join('\n')}`);
  return catalog;
}

/** App name -> the file that defines it, as the overlay loader cross-checks them. */
export function definedAppFiles(catalog: AppCatalog): Map<string, string> {
  return new Map([...catalog].map(([name, entry]) => [name, entry.file]));
}

/**
 * A problem the charts found in one app's definition while rendering (a name the built platform
 * uses), as a plain Error naming the app's file and line; anything else unchanged.
 */
export function withAppFile(error: unknown, catalog: AppCatalog): unknown {
  if (!(error instanceof AppDefinitionError)) return error;
  const entry = catalog.get(error.app);
  const source = entry ?? { file: `charts/apps/${error.app}.ts` };
  return new Error(formatAppProblems(source, error.problems).join('\n'));
}
