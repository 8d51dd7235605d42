import type { Finding, PodSecurityCheck } from '../check.js';
import type { PodLike } from '../pod-shape.js';
import { securityContextsOf } from '../security-contexts.js';

/** The deprecated (but still enforced) per-container annotation that predates the appArmorProfile field. */
const appArmorAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';
const allowedProfileTypes: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

function isAllowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function annotationFindings(pod: PodLike): Finding[] {
  return Object.entries(pod.metadata?.annotations ?? {})
    .filter(([key, value]) => key.startsWith(appArmorAnnotationPrefix) && !isAllowedAnnotationValue(value))
    .map(([key, value]) => ({
      field: `metadata.annotations[${JSON.stringify(key)}]`,
      message: `annotation ${key}="${value}" disables or overrides AppArmor; allowed: "runtime/default", "localhost/<profile>" or empty`,
    }));
}

/** Both channels count: an `Unconfined` field or an `unconfined` annotation each turn AppArmor off. */
function fieldFindings(pod: PodLike): Finding[] {
  return securityContextsOf(pod.spec).flatMap(({ context, path, label }): Finding[] => {
    const profile = context.appArmorProfile;
    // A profile object without a type is invalid; like upstream, only the two known-safe types pass.
    if (profile === undefined || allowedProfileTypes.has(profile.type ?? '')) return [];
    return [
      {
        field: `${path}.appArmorProfile.type`,
        message: `${label} sets appArmorProfile.type to "${profile.type ?? ''}"; allowed: RuntimeDefault, Localhost or unset`,
      },
    ];
  });
}

export const appArmorProfileCheck: PodSecurityCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  evaluate: (pod) => [...fieldFindings(pod), ...annotationFindings(pod)],
};
