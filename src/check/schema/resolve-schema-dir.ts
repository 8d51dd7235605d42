import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFINITIONS_FILE } from './kubernetes-definitions';

export const SCHEMA_DIR_ENV = 'GITOPS_SCHEMA_DIR';

export type SchemaDirSource = 'flag' | 'env' | 'cache' | 'shared-upstream';

export interface ResolveSchemaDirOptions {
  /** Value of a --schema-dir style command-line flag. */
  readonly flag?: string;
  /** Environment to read GITOPS_SCHEMA_DIR from; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Local cache that may hold a downloaded schema dir. */
  readonly cacheDir: string;
  readonly repoRoot: string;
}

/**
 * Picks the schema dir: the flag, else $GITOPS_SCHEMA_DIR, else the cache if it holds the
 * Kubernetes definitions, else ../shared/upstream next to the repo (what CI provides).
 * An explicit flag or env value is returned even if it does not exist: the user asked for that
 * dir, so loading it should fail loudly rather than quietly fall back to another one.
 */
export function resolveSchemaDir(
  options: ResolveSchemaDirOptions,
): { dir: string; source: SchemaDirSource } | undefined {
  if (options.flag !== undefined && options.flag !== '') return { dir: path.resolve(options.flag), source: 'flag' };

  const fromEnv = (options.env ?? process.env)[SCHEMA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { dir: path.resolve(fromEnv), source: 'env' };

  const cacheDir = path.resolve(options.cacheDir);
  if (existsSync(path.join(cacheDir, DEFINITIONS_FILE))) return { dir: cacheDir, source: 'cache' };

  const sharedUpstream = path.resolve(options.repoRoot, '..', 'shared', 'upstream');
  if (existsSync(sharedUpstream)) return { dir: sharedUpstream, source: 'shared-upstream' };

  return undefined;
}
