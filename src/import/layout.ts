/**
 * Where npm run import writes, below the repository root: imports/ holds cdk8s import's TypeScript
 * modules, and imports/schemas/ the schema dir (k8s/<version>/_definitions.json, crds/*.json) that
 * npm run check validates against by default. All of it is generated and committed.
 */
export const IMPORTS_DIR = 'imports';
export const SCHEMAS_SUBDIR = 'schemas';
export const GENERATED_SCHEMA_DIR = `${IMPORTS_DIR}/${SCHEMAS_SUBDIR}`;
