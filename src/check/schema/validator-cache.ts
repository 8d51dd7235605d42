import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { Ajv, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { writeCacheFile } from './cache-file';
import { AJV_OPTIONS_FINGERPRINT } from './create-ajv';
import { CHECKED_FORMATS, FORMATS_MODULE } from './formats';
import { GO_REGEXP_MODULE, goRegExp } from './go-regexp';
import { installedVersion, requireFromRepository } from './repository-require';

// Compiling the big CRD schemas (ExternalSecrets, Kyverno, Argo CD) with ajv takes ~2 s, on every
// `npm run check`, for schemas that change only when a pin is bumped. Ajv can emit a compiled
// validator as JavaScript ("standalone code"); this keeps that code on disk, one file per
// schema, named by a hash of everything the code depends on: the exact schema ajv compiled, the
// documents it refers to, ajv's version and options. A changed input is a different file, so a
// stale validator is never used. Loading one is evaluating its code; V8's code cache for that
// code is kept beside it (like src/launch.mjs does for the bundle), because compiling ~7 MB of
// generated JavaScript on first call cost more than loading it.

/** Bump when the way validators are generated or loaded changes in a way the key cannot see. */
const CACHE_FORMAT = '1';

/**
 * The only modules generated code may require: ajv's runtime helpers (loaded with Node's own
 * require, exactly as the generated code expects) and this project's formats and
 * regular-expression engine. Code needing anything else is not cached.
 */
const AJV_RUNTIME_MODULE = /^ajv\/dist\/runtime\/[a-z0-9_]+$/;
const PROJECT_MODULES: Readonly<Record<string, unknown>> = {
  [FORMATS_MODULE]: CHECKED_FORMATS,
  [GO_REGEXP_MODULE]: { goRegExp },
};
const AJV_VERSION = installedVersion('ajv');

const REQUIRE_CALL = /require\("([^"]+)"\)/g;

export class ValidatorCache {
  /** Validators loaded without a usable V8 code cache: saveCodeCaches() writes theirs. */
  private readonly withoutCodeCache: { readonly script: vm.Script; readonly file: string }[] = [];

  /**
   * @param dir where validators are kept; created on first save.
   * @param referencedDocumentHashes hashes of the documents schemas may $ref (the Kubernetes
   *   definitions): part of every key, since the compiled code embeds what it refers to.
   */
  constructor(
    private readonly dir: string,
    private readonly referencedDocumentHashes: readonly string[],
  ) {}

  /** The cache key of a schema: what ajv compiles plus what it may refer to, ajv's version and options. */
  keyOf(schema: unknown): string {
    const hash = createHash('sha256');
    hash.update(`${CACHE_FORMAT}\0${AJV_VERSION}\0${AJV_OPTIONS_FINGERPRINT}\0`);
    for (const documentHash of this.referencedDocumentHashes) hash.update(`${documentHash}\0`);
    hash.update(JSON.stringify(schema));
    return hash.digest('hex').slice(0, 32);
  }

  /** The saved validator for this key, or undefined when there is none or it cannot be used. */
  load(key: string): ValidateFunction | undefined {
    let code: string;
    try {
      code = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    const codeCacheFile = this.codeCacheFile(key);
    const cachedData = existsSync(codeCacheFile) ? readFileSync(codeCacheFile) : undefined;
    const module: { exports: unknown } = { exports: undefined };
    let script: vm.Script;
    try {
      // The code is ajv's own output, written by save() below into the repository's .cache/.
      script = new vm.Script(`(function (require, module, exports) {${code}\n})`, { filename: this.file(key), cachedData });
      (script.runInThisContext() as (require: unknown, module: unknown, exports: unknown) => void)(requireRuntime, module, {});
    } catch {
      // A truncated or foreign file: compile again (and save() replaces it).
      return undefined;
    }
    if (typeof module.exports !== 'function') return undefined;
    // V8 checks the code cache against the source and its own version; a rejected one is rewritten.
    if (cachedData === undefined || script.cachedDataRejected) this.withoutCodeCache.push({ script, file: codeCacheFile });
    return module.exports as ValidateFunction;
  }

  /** Saves the standalone code of a validator ajv compiled with source code kept. Never throws. */
  save(key: string, ajv: Ajv, validate: ValidateFunction): void {
    let code: string;
    try {
      code = standaloneCode(ajv, validate);
    } catch {
      return; // a schema ajv cannot express as standalone code is compiled every run
    }
    for (const [, module] of code.matchAll(REQUIRE_CALL)) {
      if (module === undefined || !isAllowedModule(module)) return;
    }
    writeCacheFile(this.file(key), () => code);
  }

  /**
   * Writes V8's code cache for the validators loaded without one. Call after validating: the
   * cache then holds every function that ran, not only the top level. Never throws.
   */
  saveCodeCaches(): void {
    for (const { script, file } of this.withoutCodeCache.splice(0)) writeCacheFile(file, () => script.createCachedData());
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.cjs`);
  }

  private codeCacheFile(key: string): string {
    return path.join(this.dir, `${key}.v8cache`);
  }
}

function isAllowedModule(name: string): boolean {
  return name in PROJECT_MODULES || AJV_RUNTIME_MODULE.test(name);
}

function requireRuntime(name: string): unknown {
  if (name in PROJECT_MODULES) return PROJECT_MODULES[name];
  if (AJV_RUNTIME_MODULE.test(name)) return requireFromRepository(name);
  throw new Error(`cached validator requires unknown module '${name}'`);
}
