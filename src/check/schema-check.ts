import path from 'node:path';
import { resolveSchemaDir, SchemaValidator, type SchemaDirSource } from './schema';
import type { CheckedObject, Finding } from './types';
import { refOf } from './types';

/** Where `npm run fetch-schemas` puts the schemas, below the repository root (.cache/ is gitignored). */
export const SCHEMA_CACHE_DIR = path.join('.cache', 'schemas');

/** Where compiled validators and parsed CRDs are kept between runs, below the repository root. */
export const SCHEMA_WORK_CACHE_DIR = path.join('.cache', 'check');

const SOURCE_LABELS: Readonly<Record<SchemaDirSource, string>> = {
  flag: '--schema-dir',
  env: 'GITOPS_SCHEMA_DIR',
  cache: `${SCHEMA_CACHE_DIR} (npm run fetch-schemas)`,
  'shared-upstream': '../shared/upstream',
};

export const SCHEMA_SKIPPED_MESSAGE =
  'no schema directory found, objects were NOT validated. Pass --schema-dir <dir>, set GITOPS_SCHEMA_DIR, or run npm run fetch-schemas once (needs internet)';

export type SchemaSetup =
  | { readonly status: 'ready'; readonly validator: SchemaValidator; readonly detail: string }
  | { readonly status: 'skipped'; readonly detail: string }
  | { readonly status: 'failed'; readonly detail: string };

export interface SchemaSetupOptions {
  readonly root: string;
  readonly flag?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Finds and loads the schema dir (flag > GITOPS_SCHEMA_DIR > cache > ../shared/upstream).
 * None found: skipped, loudly. Found but unusable: failed (the user pointed at it).
 */
export function setUpSchemaCheck(options: SchemaSetupOptions): SchemaSetup {
  const resolved = resolveSchemaDir({ flag: options.flag, env: options.env, cacheDir: path.join(options.root, SCHEMA_CACHE_DIR), repoRoot: options.root });
  if (resolved === undefined) return { status: 'skipped', detail: SCHEMA_SKIPPED_MESSAGE };
  try {
    const validator = SchemaValidator.load(resolved.dir, { cacheDir: path.join(options.root, SCHEMA_WORK_CACHE_DIR) });
    return { status: 'ready', validator, detail: `${resolved.dir} (from ${SOURCE_LABELS[resolved.source]})` };
  } catch (error) {
    return { status: 'failed', detail: `schema dir ${resolved.dir} (from ${SOURCE_LABELS[resolved.source]}) is unusable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Strict validation of every object; a kind without a schema is a finding too. */
export function schemaFindings(validator: SchemaValidator, environment: string, objects: readonly CheckedObject[]): Finding[] {
  return objects.flatMap((checked) =>
    validator.validate(checked.object as unknown as Record<string, unknown>).map((problem) => ({
      rule: 'schema-valid',
      severity: 'error' as const,
      file: `dist/${environment}/${checked.file}`,
      object: refOf(checked.object),
      message: problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`,
      fix: problem.message.startsWith('no schema')
        ? 'Use a served apiVersion, or pin the CRD: add its URL to cdk8s.yaml imports (or PINNED_CRD_URLS) and run npm run fetch-schemas'
        : 'Fix the field in the chart that renders it (unknown fields are errors: check spelling and nesting against the API)',
    })),
  );
}
