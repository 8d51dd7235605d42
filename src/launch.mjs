// Runs one of the project's TypeScript entry points: `node src/launch.mjs <entry.ts> [args...]`.
//
// Why not tsx: on Node 20 its loader hooks run on a separate thread, and loading the ~250
// modules of this project through them costs ~0.7 s of a ~1.8 s synth. Why not plain imports
// of node_modules either: resolving, lexing and compiling ~400 CommonJS files of cdk8s, zod and
// yaml costs another ~0.35 s on every run.
//
// Instead esbuild bundles the entry with everything it imports (the project's TypeScript and
// its npm dependencies) into one CommonJS file, and this script compiles that file with V8's
// code cache: the first run saves the compiled code beside the bundle, later runs skip parsing
// and compiling (Node 20 has no module.enableCompileCache; this is the same mechanism by hand).
// Both live under .cache/launch/, keyed by the path, size and mtime of every source file plus
// the lockfile, so an edit always rebuilds (~0.3 s) and a stale bundle is never run. V8 itself
// rejects a cache from another Node version or a changed bundle; then it is recompiled and
// rewritten. Plain JavaScript, because it runs before any TypeScript can. Stack traces point into
// the bundle (function names kept); `node --import tsx <entry.ts>` runs the sources directly when
// debugging.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const root = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['src', 'charts', 'imports', 'bench'];
const APP_MODULE_LOADER = path.join(root, 'src/import-app-module.ts');
// Loaded from node_modules at run time rather than bundled: build tools with native binaries
// or files they find relative to their own install.
const NOT_BUNDLED = ['esbuild', 'cdk8s-cli', 'vitest', 'typescript'];

const [entryArg] = process.argv.splice(2, 1);
if (!entryArg || !entryArg.endsWith('.ts')) {
  console.error('usage: node src/launch.mjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
// The entry sees the same argv as under `node entry.ts args...`.
process.argv[1] = entry;

const bundle = await bundleFor(entry);
runWithCodeCache(bundle);

async function bundleFor(entryFile) {
  const name = path.relative(root, entryFile).replace(/[^a-zA-Z0-9]+/g, '-');
  const dir = path.join(root, '.cache', 'launch');
  const target = path.join(dir, `${name}-${sourceKey(entryFile)}.cjs`);
  if (existsSync(target)) return target;

  mkdirSync(dir, { recursive: true });
  // Imported only when a bundle is built: loading esbuild costs ~60 ms.
  const { build } = await import('esbuild');
  // Build beside the target and rename: concurrent runs never load a half-written bundle.
  const partial = `${target}.${process.pid}.tmp`;
  await build({
    entryPoints: [entryFile],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: NOT_BUNDLED,
    logLevel: 'error',
    // Modules keep answering import.meta.dirname with their own source folder (REPO_ROOT).
    define: { 'import.meta.dirname': JSON.stringify(path.join(root, 'src')) },
    plugins: [staticAppModules()],
  });
  renameSync(partial, target);
  removeStaleBundles(dir, name, target);
  return target;
}

/**
 * Runs the bundle as a CommonJS module, compiled from the saved code cache when V8 accepts it.
 * The cache is written at exit, after the run, so it holds every function that ran, not only
 * the top level.
 */
function runWithCodeCache(file) {
  const cacheFile = `${file}.v8cache`;
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // One line, so line numbers in stack traces match the bundle.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      const partial = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // Only a cache: the next run compiles again.
        rmSync(partial, { force: true });
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

/**
 * Drops this entry's bundles built from older sources. Only those untouched for 10 minutes: a
 * concurrent run (tests spawn many) may have just chosen one and be about to load it.
 */
function removeStaleBundles(dir, name, current) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const file of readdirSync(dir)) {
    const absolute = path.join(dir, file);
    if (!file.startsWith(`${name}-`) || absolute.startsWith(current)) continue;
    try {
      if (statSync(absolute).mtimeMs < cutoff) rmSync(absolute, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/** Hash of every source file's path, size and mtime, plus the lockfile (dependency versions). */
function sourceKey(entryFile) {
  const hash = createHash('sha256');
  const files = [entryFile, path.join(root, 'package-lock.json'), import.meta.filename];
  for (const dir of SOURCE_DIRS) {
    const absolute = path.join(root, dir);
    if (!existsSync(absolute)) continue;
    for (const entry of readdirSync(absolute, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) files.push(path.join(entry.parentPath, entry.name));
    }
  }
  for (const file of files.sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Replaces src/import-app-module.ts with static imports of every charts/apps/*.ts. */
function staticAppModules() {
  return {
    name: 'static-app-modules',
    setup(buildApi) {
      buildApi.onLoad({ filter: /import-app-module\.ts$/ }, (args) => {
        if (args.path !== APP_MODULE_LOADER) return undefined;
        const appsDir = path.join(root, 'charts', 'apps');
        const files = readdirSync(appsDir).filter((f) => f.endsWith('.ts')).sort();
        const entries = files.map((f) => `  ${JSON.stringify(f)}: () => import(${JSON.stringify(path.join(appsDir, f))}),`).join('\n');
        return {
          loader: 'js',
          resolveDir: appsDir,
          contents: `import path from 'node:path';
const modules = {
${entries}
};
export function importAppModule(file) {
  const load = modules[path.basename(file)];
  if (!load) return Promise.reject(new Error(file + ': not bundled; run the command again'));
  return load();
}
`,
        };
      });
    },
  };
}
