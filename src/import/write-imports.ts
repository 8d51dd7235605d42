import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TypeGenerator } from './cdk8s-import';
import { IMPORTS_DIR, SCHEMAS_SUBDIR } from './layout';
import type { ImportPlan } from './plan-imports';

/** Work folders next to imports/ (same filesystem, so the swap is two renames); gitignored. */
const WORK_PREFIX = '.import-';
const NEW_TREE = 'new';
const OLD_TREE = 'old';

export interface WriteImportsOptions {
  /** Repository root: imports/ is replaced below it. */
  readonly root: string;
  readonly plan: ImportPlan;
  readonly generateTypes: TypeGenerator;
}

/**
 * Replaces imports/ with the plan's output: the TypeScript modules (generateTypes) and the schemas
 * are written into a work folder next to it, then swapped in with two renames. Anything that fails
 * before the swap leaves imports/ as it was; a process killed between the renames is repaired by
 * the next run (recoverInterruptedImport). Files no import produces any more disappear.
 */
export function writeImports(options: WriteImportsOptions): void {
  const importsDir = path.join(options.root, IMPORTS_DIR);
  recoverInterruptedImport(options.root);
  const work = mkdtempSync(path.join(options.root, WORK_PREFIX));
  try {
    const tree = path.join(work, NEW_TREE);
    mkdirSync(tree);
    options.generateTypes(options.plan.typeSources, tree, path.join(work, 'sources'));
    for (const file of options.plan.schemaFiles) {
      const target = path.join(tree, SCHEMAS_SUBDIR, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    const old = path.join(work, OLD_TREE);
    const replacing = existsSync(importsDir);
    if (replacing) renameSync(importsDir, old);
    try {
      renameSync(tree, importsDir);
    } catch (error) {
      if (replacing) renameSync(old, importsDir);
      throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Puts back an imports/ that a killed run had moved aside, and removes leftover work folders. */
export function recoverInterruptedImport(root: string): void {
  const importsDir = path.join(root, IMPORTS_DIR);
  for (const name of readdirSync(root).filter((entry) => entry.startsWith(WORK_PREFIX))) {
    const work = path.join(root, name);
    const old = path.join(work, OLD_TREE);
    if (!existsSync(importsDir) && existsSync(old)) renameSync(old, importsDir);
    rmSync(work, { recursive: true, force: true });
  }
}
