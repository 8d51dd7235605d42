import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../../repo-root';

/**
 * Node's own require, resolving from the repository's node_modules. The launcher bundles
 * packages, so this is how the caches learn the installed version of what they depend on and
 * how cached validators get ajv's runtime helpers exactly as ajv's generated code expects.
 */
export const requireFromRepository = createRequire(path.join(REPO_ROOT, 'package.json'));

/** The installed version of a package, e.g. installedVersion('ajv') -> '8.20.0'. */
export function installedVersion(packageName: string): string {
  return (requireFromRepository(`${packageName}/package.json`) as { version: string }).version;
}
