import { SECRET_ALLOWLIST, allowlistProblems, type SecretAllowance } from './secret-allowlist';
import { isCredentialName } from './secret-names';
import { credentialInValue, isInnocuousValue } from './secret-values';

/**
 * The one secret detector. Synth refuses an app whose `config` (or any other string of its
 * definition) looks like a credential, the overlay loader refuses credential-looking overlay
 * values, and `npm run check` reports them in env, ConfigMaps and Helm values of the committed
 * dist/ (rule no-secret-literals). It errs on the side of reporting: a false positive costs one
 * reviewed allow-list entry (secret-allowlist.ts), a miss leaks a credential into Git history.
 *
 * Verdicts say what was found, never the value.
 */

const problems = allowlistProblems(SECRET_ALLOWLIST);
if (problems.length > 0) throw new Error(`src/secrets/secret-allowlist.ts: ${problems.join('; ')}`);

export type { SecretAllowance };

/** Why a value looks like a credential whatever it is called, or undefined. */
export function secretInValue(value: string, allowlist: readonly SecretAllowance[] = SECRET_ALLOWLIST): string | undefined {
  if (allowlist.some((entry) => entry.value === value && entry.name === undefined)) return undefined;
  const what = credentialInValue(value);
  return what === undefined ? undefined : `its value looks like ${what}`;
}

/**
 * Why a named value (an environment variable, a ConfigMap entry, a Helm value) looks like a
 * committed credential, or undefined: by its value, or by a credential's name with a literal.
 */
export function secretInEntry(name: string, value: string, allowlist: readonly SecretAllowance[] = SECRET_ALLOWLIST): string | undefined {
  const allowed = allowlist.filter((entry) => (entry.name === undefined || entry.name === name) && (entry.value === undefined || entry.value === value));
  if (allowed.some((entry) => entry.value !== undefined)) return undefined;
  const byValue = secretInValue(value, allowlist);
  if (byValue !== undefined) return byValue;
  if (allowed.length > 0) return undefined;
  if (isCredentialName(name) && !isInnocuousValue(value)) return 'its name suggests a credential and it has a literal value';
  return undefined;
}
