// Runs one of the project's TypeScript entry points: `node src/launch.mjs <entry.ts> [args...]`.
//
// Why not tsx: on Node 20 its loader hooks run on a separate thread, and loading the ~250
// modules of this project through them costs ~0.7 s of a ~1.8 s synth. Instead this bundles
// the project's own TypeScript (never node_modules) into one ES module with esbuild and imports
// that: about 0.1 s to load. The bundle is cached under .cache/launch/ and keyed by the path,
// size and mtime of every source file, so an edit always rebuilds (~0.2 s) and a stale bundle
// is never run. Plain JavaScript, because it runs before any TypeScript can. Stack traces point
// into the bundle (keeping function names); `node --import tsx <entry.ts>` runs the sources
// directly when debugging.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['src', 'charts', 'imports', 'bench'];
const APP_MODULE_LOADER = path.join(root, 'src/import-app-module.ts');

const [entryArg] = process.argv.splice(2, 1);
if (!entryArg || !entryArg.endsWith('.ts')) {
  console.error('usage: node src/launch.mjs <entry.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
// The entry sees the same argv as under `node entry.ts args...`.
process.argv[1] = entry;

const bundle = await bundleFor(entry);
await import(pathToFileURL(bundle).href);

async function bundleFor(entryFile) {
  const name = path.relative(root, entryFile).replace(/[^a-zA-Z0-9]+/g, '-');
  const dir = path.join(root, '.cache', 'launch');
  const target = path.join(dir, `${name}-${sourceKey(entryFile)}.mjs`);
  if (existsSync(target)) return target;

  mkdirSync(dir, { recursive: true });
  // Build beside the target and rename: concurrent runs never import a half-written bundle.
  const partial = `${target}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [entryFile],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
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
 * Drops this entry's bundles built from older sources. Only those untouched for 10 minutes: a
 * concurrent run (tests spawn many) may have just chosen one and be about to import it.
 */
function removeStaleBundles(dir, name, current) {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const file of readdirSync(dir)) {
    const absolute = path.join(dir, file);
    if (!file.startsWith(`${name}-`) || absolute === current) continue;
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
