import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryArgs, REPO_ROOT } from '../support/repo';

const cacheDir = path.join(REPO_ROOT, '.cache/launch');

/** The entry's project bundles (the packages bundle is keyed by the lockfile, not the sources). */
function bundlesOf(entryName: string): string[] {
  return readdirSync(cacheDir).filter((f) => f.startsWith(`${entryName}.src-`) && f.endsWith('.cjs')).sort();
}

function packageBundlesOf(entryName: string): string[] {
  return readdirSync(cacheDir).filter((f) => f.startsWith(`${entryName}.packages-`) && f.endsWith('.cjs')).sort();
}

function status(): number | null {
  return spawnSync(process.execPath, entryArgs('src/cli/bin.ts', 'status', '--help'), { encoding: 'utf8' }).status;
}

describe('src/launch.mjs', () => {
  it('rebuilds the project bundle when a source file changes, but not the packages bundle', () => {
    expect(status()).toBe(0);
    const before = bundlesOf('src-cli-bin-ts');
    expect(before.length).toBeGreaterThan(0);
    const packagesBefore = packageBundlesOf('src-cli-bin-ts');
    expect(packagesBefore.length).toBeGreaterThan(0);

    // An edit is a new mtime; the content may stay the same for the test.
    const source = path.join(REPO_ROOT, 'charts/lib/app-definition.ts');
    const { atime, mtime } = statSync(source);
    utimesSync(source, atime, new Date()); // a moment no earlier run has seen
    try {
      expect(status()).toBe(0);
      const added = bundlesOf('src-cli-bin-ts').filter((f) => !before.includes(f));
      expect(added).toHaveLength(1);
      expect(packageBundlesOf('src-cli-bin-ts')).toEqual(packagesBefore);
    } finally {
      utimesSync(source, atime, mtime);
    }
  });

  it('saves a V8 code cache beside the bundle, and replaces one V8 rejects', () => {
    expect(status()).toBe(0);
    const caches = bundlesOf('src-cli-bin-ts').map((f) => path.join(cacheDir, `${f}.v8cache`)).filter((f) => existsSync(f));
    expect(caches.some((f) => statSync(f).size > 100_000)).toBe(true);

    // Spoil every cache of this entry (older bundles too); the run must replace exactly its own.
    for (const file of caches) writeFileSync(file, 'not a code cache');
    const result = spawnSync(process.execPath, entryArgs('src/cli/bin.ts', 'status', '--help'), { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage');
    const replaced = caches.filter((f) => !readFileSync(f, 'utf8').startsWith('not a code cache'));
    expect(replaced).toHaveLength(1);
    expect(statSync(replaced[0] ?? '').size).toBeGreaterThan(100_000);
  });

  it('refuses an entry that is not a TypeScript file', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'src/launch.mjs'), 'README.md'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: node src/launch.mjs <entry.ts>');
  });
});
