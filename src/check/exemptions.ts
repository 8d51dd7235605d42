import type { CheckedObject } from './types';

/**
 * Annotation that waives one rule for one object: the key names the rule, the value says why.
 *   check.gitops-platform.io/exempt-<rule-id>: "<reason a reviewer accepted>"
 */
export const EXEMPTION_PREFIX = 'check.gitops-platform.io/exempt-';

/** An exemption annotation as written on an object (valid or not). */
export interface ExemptionAnnotation {
  readonly object: CheckedObject;
  readonly rule: string;
  readonly reason: string;
  readonly annotation: string;
}

export function exemptionAnnotationKey(rule: string): string {
  return `${EXEMPTION_PREFIX}${rule}`;
}

/** Every exemption annotation on the objects, in object order. */
export function readExemptions(objects: readonly CheckedObject[]): ExemptionAnnotation[] {
  const exemptions: ExemptionAnnotation[] = [];
  for (const object of objects) {
    for (const [annotation, value] of Object.entries(object.object.metadata.annotations ?? {})) {
      if (!annotation.startsWith(EXEMPTION_PREFIX)) continue;
      exemptions.push({ object, rule: annotation.slice(EXEMPTION_PREFIX.length), reason: typeof value === 'string' ? value.trim() : '', annotation });
    }
  }
  return exemptions;
}
