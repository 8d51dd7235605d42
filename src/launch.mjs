// Runs one of the project's TypeScript entry points: `node src/launch.mjs <entry.ts> [args...]`.
//
// Why not tsx: on Node 20 its loader hooks run on a separate thread, and loading the ~250
// modules of this project through them costs ~0.7 s of a ~1.8 s synth. Why not plain imports
// of node_modules either: resolving, lexing and compiling ~400 CommonJS files of cdk8s, zod and
// yaml costs another ~0.35 s on every run.
//
// Instead esbuild makes two CommonJS bundles per entry: the project's own TypeScript, and the
// npm packages it imports. Both are run with V8's code cache: the first run saves the compiled
// code beside the bundle, later runs skip parsing and compiling (Node 20 has no
// module.enableCompileCache; this is the same mechanism by hand). They are kept apart because
// bundling the packages takes ~1.3 s and they change only with the lockfile, while the
// project's code changes with every edit and bundles in ~0.25 s.
//
// Everything lives under .cache/launch/. The project bundle is keyed by the path, size and mtime
// of every source file, the packages bundle by the packages imported and the lockfile, so an edit
// always rebuilds and a stale bundle is never run. V8 itself rejects a code cache from another
// Node version or a changed bundle; then it is recompiled and rewritten. Plain JavaScript,
// because it runs before any TypeScript can. Stack traces point into the bundles (function names
// kept); `node --import tsx <entry.ts>` runs the sources directly when debugging.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const root = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['src', 'charts', 'imports', 'bench'];
const APP_MODULE_LOADER = path.join(root, 'src/import-app-module.ts');
const LOCKFILE = path.join(root, 'package-lock.json');
// Loaded from node_modules at run time rather than bundled: build tools with native binaries
// or files they find relative to their own install.
const NOT_BUNDLED = ['esbuild', 'cdk8s-cli', 'vitest', 'typescript'];

/** esbuild options both bundles share. */
const COMMON_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: NOT_BUNDLED,
  logLevel: 'error',
};

const [entryArg] = process.argv.splice(2, 1);
if (!entryArg || !entryArg.endsWith('.ts')) {
  console.error('usage: node src/launch.mjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
// The entry sees the same argv as under `node entry.ts args...`.
process.argv[1] = entry;

const { project, packages } = await bundlesFor(entry);
const packageLoaders = runWithCodeCache(packages, createRequire(packages));
runWithCodeCache(project, requireThrough(packageLoaders, createRequire(project)));

async function bundlesFor(entryFile) {
  const name = path.relative(root, entryFile).replace(/[^a-zA-Z0-9]+/g, '-');
  const dir = path.join(root, '.cache', 'launch');
  const project = path.join(dir, `${name}.src-${sourceKey(entryFile)}.cjs`);
  // The packages the project bundle imports, written before the bundle itself appears.
  const manifest = `${project}.json`;
  if (!existsSync(project) || !existsSync(manifest)) {
    mkdirSync(dir, { recursive: true });
    await buildProject(entryFile, project, manifest);
    removeStaleBundles(dir, `${name}.src-`, project);
  }
  const imported = JSON.parse(readFileSync(manifest, 'utf8')).packages;
  const packages = path.join(dir, `${name}.packages-${packagesKey(imported)}.cjs`);
  if (!existsSync(packages)) {
    await buildPackages(imported, packages);
    removeStaleBundles(dir, `${name}.packages-`, packages);
  }
  return { project, packages };
}

/** Bundles the project's TypeScript; npm packages stay `require` calls, listed in the manifest. */
async function buildProject(entryFile, target, manifest) {
  // Imported only when a bundle is built: loading esbuild costs ~60 ms.
  const { build } = await import('esbuild');
  // Build beside the target and rename: concurrent runs never load a half-written bundle.
  const partial = `${target}.${process.pid}.tmp`;
  const result = await build({
    ...COMMON_OPTIONS,
    entryPoints: [entryFile],
    outfile: partial,
    packages: 'external',
    metafile: true,
    // Modules keep answering import.meta.dirname with their own source folder (REPO_ROOT).
    define: { 'import.meta.dirname': JSON.stringify(path.join(root, 'src')) },
    plugins: [staticAppModules()],
  });
  const imported = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (external && !isBuiltin(specifier) && !NOT_BUNDLED.includes(packageName(specifier))) imported.add(specifier);
    }
  }
  const packages = [...imported].sort();
  // Before the bundle appears: a run that finds the bundle always finds its manifest.
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ packages }));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  renameSync(partial, target);
}

/** Bundles the given package specifiers into one file exporting a loader for each. */
async function buildPackages(specifiers, target) {
  const { build } = await import('esbuild');
  const partial = `${target}.${process.pid}.tmp`;
  const loaders = specifiers.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`).join('\n');
  await build({
    ...COMMON_OPTIONS,
    stdin: { contents: `module.exports = {\n${loaders}\n};\n`, resolveDir: root, loader: 'js' },
    outfile: partial,
  });
  renameSync(partial, target);
}

/** The project bundle's require: packages from the packages bundle (each loaded once), the rest from Node. */
function requireThrough(loaders, nodeRequire) {
  const loaded = new Map();
  const requireFunction = (specifier) => {
    if (!Object.hasOwn(loaders, specifier)) return nodeRequire(specifier);
    if (!loaded.has(specifier)) loaded.set(specifier, loaders[specifier]());
    return loaded.get(specifier);
  };
  // Code that asks where a module is gets Node's answer.
  return Object.assign(requireFunction, { resolve: nodeRequire.resolve });
}

/**
 * Runs a bundle as a CommonJS module and returns its exports, compiled from the saved code cache
 * when V8 accepts it. The cache is written at exit, after the run, so it holds every function
 * that ran, not only the top level.
 */
function runWithCodeCache(file, requireFunction) {
  const cacheFile = `${file}.v8cache`;
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // One line, so line numbers in stack traces match the bundle.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => writeAtomically(cacheFile, script.createCachedData()));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFunction, module, file, path.dirname(file));
  return module.exports;
}

/** A code cache, via a temporary file and a rename; a failure only means the next run compiles again. */
function writeAtomically(file, content) {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, content);
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/**
 * Drops bundles with this prefix built from older inputs, with their caches. Only those untouched
 * for 10 minutes: a concurrent run (tests spawn many) may have just chosen one and be about to
 * load it.
 */
function removeStaleBundles(dir, prefix, current) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const file of readdirSync(dir)) {
    const absolute = path.join(dir, file);
    if (!file.startsWith(prefix) || absolute.startsWith(current)) continue;
    try {
      if (statSync(absolute).mtimeMs < cutoff) rmSync(absolute, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Hash of the package specifiers and the lockfile (which pins their versions) and this script. */
function packagesKey(specifiers) {
  const hash = createHash('sha256');
  for (const file of [LOCKFILE, import.meta.filename]) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  hash.update(specifiers.join('\n'));
  return hash.digest('hex').slice(0, 16);
}

/** Hash of every source file's path, size and mtime, plus the lockfile (dependency versions). */
function sourceKey(entryFile) {
  const hash = createHash('sha256');
  const files = [entryFile, LOCKFILE, import.meta.filename];
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
