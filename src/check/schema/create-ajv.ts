import { _, Ajv, type Options } from 'ajv';
import { FORMATS_MODULE } from './formats';
import { GO_REGEXP_MODULE, goRegExp } from './go-regexp';

/** Every option that changes what ajv generates, except the two engines (named in `code`). */
const OPTIONS = {
  allErrors: true, // one finding per problem, not just the first
  verbose: true, // errors carry the offending value, which the messages quote
  // Our normalizer emits only standard keywords and registers every format it meets, so ajv's
  // strict schema checks stay on; the type-annotation lints do not fit OpenAPI schemas and are off.
  // None of this changes how data is validated.
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  // The schemas are generated from upstream files, not hand-written; meta-validating
  // megabytes of them on every load costs time and finds nothing.
  validateSchema: false,
} as const satisfies Options;

/** Part of every cached validator's key (validator-cache.ts): other options, other code. */
export const AJV_OPTIONS_FINGERPRINT = JSON.stringify({ ...OPTIONS, optimize: false, formats: FORMATS_MODULE, regExp: GO_REGEXP_MODULE });

/** The ajv instance all Kubernetes and CRD schemas are compiled with. */
export function createAjv(): Ajv {
  return new Ajv({
    ...OPTIONS,
    code: {
      // Ajv's code optimizer cost ~25% of compile time on multi-hundred-KB CRD schemas and made
      // no measurable difference to validation speed.
      optimize: false,
      regExp: goRegExp,
      // Keep each validator's source, so that it can be saved as standalone code; generated
      // code refers to our formats by this module name (resolved by validator-cache.ts).
      source: true,
      formats: _`require(${FORMATS_MODULE})`,
    },
  });
}
