import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { splitApiVersion } from './api-version';
import { CrdCatalog, CRDS_DIR, type CustomResourceDefinition } from './crd-catalog';
import { customResourceSchema } from './custom-resource-schema';
import { describeErrors, type FieldProblem } from './describe-errors';
import { FormatRegistry } from './formats';
import { createAjv } from './create-ajv';
import {
  KUBERNETES_SCHEMA_ID,
  kindKey,
  loadKubernetesDefinitions,
  OBJECT_META_REF,
  type KubernetesDefinitions,
} from './kubernetes-definitions';
import type { NormalizeContext } from './normalize-schema';
import { identify } from './object-identity';
import type { JsonSchema, SchemaFinding } from './types';
import { ParsedYamlCache } from './parsed-yaml-cache';
import { ValidatorCache } from './validator-cache';

/** Where an apiVersion/kind's schema comes from; building it is deferred until it is compiled. */
type SchemaLookup =
  | { readonly found: true; readonly build: () => JsonSchema }
  | { readonly found: false; readonly reason: string };

type CompiledKind = { readonly validate: ValidateFunction } | { readonly problem: string };

export interface SchemaValidatorOptions {
  /**
   * Where compiled validators (validator-cache.ts) and parsed CRDs (parsed-yaml-cache.ts) are
   * kept between runs; nothing is cached when undefined.
   */
  readonly cacheDir?: string;
}

/**
 * Validates rendered objects strictly against the Kubernetes v1.28 schemas and the pinned CRDs
 * of a schema dir (by default imports/schemas/, which npm run import generates). Schemas are compiled on first use of each apiVersion/kind and then reused,
 * within a run and, through the validator cache, across runs.
 */
export class SchemaValidator {
  private readonly compiled = new Map<string, CompiledKind>();

  private constructor(
    private readonly ajv: Ajv,
    private readonly context: NormalizeContext,
    private readonly kubernetes: KubernetesDefinitions,
    private readonly crds: CrdCatalog,
    private readonly cache: ValidatorCache | undefined,
  ) {}

  /** Reads <schemaDir>/k8s/v1.28/_definitions.json and indexes the CRDs in <schemaDir>/crds/ (JSON or YAML). */
  static load(schemaDir: string, options: SchemaValidatorOptions = {}): SchemaValidator {
    const ajv = createAjv();
    const formats = new FormatRegistry(ajv);
    const context: NormalizeContext = { onFormat: (format) => formats.ensure(format), objectMetaRef: OBJECT_META_REF };
    const kubernetes = loadKubernetesDefinitions(schemaDir, context);
    ajv.addSchema(kubernetes.document);
    const { cacheDir } = options;
    // Every schema may refer into the Kubernetes definitions, so their hash is part of each key.
    const cache = cacheDir === undefined ? undefined : new ValidatorCache(path.join(cacheDir, 'validators'), [hashOf(kubernetes.document)]);
    const parser = new ParsedYamlCache(cacheDir === undefined ? undefined : path.join(cacheDir, 'parsed-crds'));
    return new SchemaValidator(ajv, context, kubernetes, CrdCatalog.scan(path.join(schemaDir, CRDS_DIR), parser), cache);
  }

  /** Saves what only exists after validating (V8's code for cached validators); call when done. */
  saveCaches(): void {
    this.cache?.saveCodeCaches();
  }

  /** Whether objects of this apiVersion/kind can be validated (for a CRD, the version is served). */
  hasSchemaFor(apiVersion: string, kind: string): boolean {
    return this.lookup(apiVersion, kind).found;
  }

  /**
   * Every way the object breaks its schema, one finding per problem; [] when it is valid.
   * An apiVersion/kind without a schema is a finding too, never a silent pass.
   */
  validate(object: Record<string, unknown>): SchemaFinding[] {
    const identity = identify(object);
    const { apiVersion, kind } = identity;
    const finding = (problem: FieldProblem): SchemaFinding => ({ ...identity, ...problem });
    if (apiVersion === '') return [finding({ path: '/apiVersion', message: 'missing required field "apiVersion"' })];
    if (kind === '') return [finding({ path: '/kind', message: 'missing required field "kind"' })];

    const compiled = this.compile(apiVersion, kind);
    if ('problem' in compiled) return [finding({ path: '', message: compiled.problem })];
    if (compiled.validate(object)) return [];
    return describeErrors(compiled.validate.errors ?? []).map(finding);
  }

  private compile(apiVersion: string, kind: string): CompiledKind {
    const key = kindKey(apiVersion, kind);
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    const lookup = this.lookup(apiVersion, kind);
    let result: CompiledKind;
    if (!lookup.found) result = { problem: lookup.reason };
    else {
      try {
        result = { validate: this.compileOrLoad(lookup.build()) };
      } catch (error) {
        // A schema we cannot compile must fail the check, not crash it or pass silently.
        result = { problem: `schema for ${apiVersion} ${kind} could not be compiled: ${messageOf(error)}` };
      }
    }
    this.compiled.set(key, result);
    return result;
  }

  private compileOrLoad(schema: JsonSchema): ValidateFunction {
    if (this.cache === undefined) return this.ajv.compile(schema);
    const key = this.cache.keyOf(schema);
    const cached = this.cache.load(key);
    if (cached !== undefined) return cached;
    const validate = this.ajv.compile(schema);
    this.cache.save(key, this.ajv, validate);
    return validate;
  }

  private lookup(apiVersion: string, kind: string): SchemaLookup {
    const definition = this.kubernetes.definitionByKind.get(kindKey(apiVersion, kind));
    if (definition !== undefined) {
      return { found: true, build: () => ({ $ref: `${KUBERNETES_SCHEMA_ID}#/definitions/${definition}` }) };
    }

    const { group, version } = splitApiVersion(apiVersion);
    const noSchema = `no schema for ${apiVersion} ${kind}`;
    let crd: CustomResourceDefinition | undefined;
    try {
      crd = group === '' ? undefined : this.crds.find(group, kind);
    } catch (error) {
      // An unreadable pinned CRD fails the objects that need it, not the whole check.
      return { found: false, reason: `${noSchema} (${messageOf(error)})` };
    }
    if (crd === undefined) return { found: false, reason: noSchema };
    const served = crd.versions.filter((candidate) => candidate.served).map((candidate) => candidate.name);
    const match = crd.versions.find((candidate) => candidate.name === version);
    if (match === undefined || !match.served) {
      const why = match === undefined ? 'the pinned CRD has no such version' : 'the pinned CRD does not serve this version';
      return { found: false, reason: `${noSchema} (${why}; served: ${served.join(', ') || 'none'})` };
    }
    return { found: true, build: () => customResourceSchema(match.openAPIV3Schema, apiVersion, kind, this.context) };
  }
}

function hashOf(document: JsonSchema): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
