import { Ajv } from 'ajv';
import { goRegExp } from './go-regexp';

/** The ajv instance all Kubernetes and CRD schemas are compiled with. */
export function createAjv(): Ajv {
  return new Ajv({
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
    // Ajv's code optimizer cost ~25% of compile time on multi-hundred-KB CRD schemas and made
    // no measurable difference to validation speed.
    code: { optimize: false, regExp: goRegExp },
  });
}
