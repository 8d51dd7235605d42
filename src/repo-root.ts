import path from 'node:path';

/**
 * The repository this code lives in (not the working directory, so cwd never changes output).
 * src/launch.mjs bundles the code elsewhere and defines import.meta.dirname as this file's
 * folder, so the answer is the same either way.
 */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
