// The "schema-valid" check's validator: strict JSON-schema validation of rendered objects.
export type { SchemaFinding } from './types';
export { SchemaValidator } from './schema-validator';
export { REPOSITORY_SCHEMA_DIR, resolveSchemaDir, SCHEMA_DIR_ENV, type ResolveSchemaDirOptions, type SchemaDirSource } from './resolve-schema-dir';
