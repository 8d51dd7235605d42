import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { writeCacheFile } from './cache-file';
import { installedVersion } from './repository-require';

// Upstream CRDs (a --schema-dir such as ../shared/upstream; the generated imports/schemas are
// JSON already) are megabytes of YAML; parsing the few a check needs costs ~0.7 s per run with
// the yaml package, for files that change only when a pin is bumped. JSON.parse of the same
// data is ~10x faster. So the parsed value is kept as JSON in .cache/, named by a hash of the
// exact text, the YAML version and the yaml package's version: a pure function of its key, so
// an entry is never stale. Only values JSON represents exactly are saved (CRDs always are; a
// document with .inf or .nan is simply parsed every time).

const YAML_PACKAGE_VERSION = installedVersion('yaml');

export class ParsedYamlCache {
  /** @param dir where parsed documents are kept; undefined parses every time. */
  constructor(private readonly dir: string | undefined) {}

  /** yaml's parse(text, { version }), from the cache when this exact text was parsed before. */
  parse(text: string, version: '1.1' | '1.2'): unknown {
    if (this.dir === undefined) return parse(text, { version });
    const key = createHash('sha256').update(`${YAML_PACKAGE_VERSION}\0${version}\0${text}`).digest('hex').slice(0, 32);
    const file = path.join(this.dir, `${key}.json`);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch {
      // Not cached yet, or a damaged entry: parse (errors propagate as without a cache).
    }
    const value: unknown = parse(text, { version });
    this.save(file, value);
    return value;
  }

  private save(file: string, value: unknown): void {
    let exact = true;
    const json = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'number' && !Number.isFinite(item)) exact = false;
      return item;
    });
    if (exact && json !== undefined) writeCacheFile(file, () => json);
  }
}
