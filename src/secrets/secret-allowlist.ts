/**
 * Reviewed false positives of the secret detector. Each entry names the exact value (and
 * optionally the name it appears under) that looks like a credential but is not one, and why.
 * A TypeScript list rather than a YAML file: app definitions are checked inside the charts,
 * which never read files, and a typed list cannot be malformed. Changes to this file need the
 * same review as the values themselves (docs/examples/github/CODEOWNERS).
 *
 * - `value`: this exact value is no credential wherever it appears (all detections waived).
 * - `name` alone: literal values under this exact name are not credentials (only the
 *   name-based detection is waived; a value in a known token format is still refused).
 * - both: this value under this name.
 */
export interface SecretAllowance {
  readonly name?: string;
  readonly value?: string;
  /** Why it is not a credential, for the reviewer: at least a sentence. */
  readonly reason: string;
}

export const SECRET_ALLOWLIST: readonly SecretAllowance[] = [
  {
    name: 'secrets',
    value: 'alertmanager-oncall-webhook',
    reason: 'kube-prometheus-stack alertmanager.alertmanagerSpec.secrets lists the names of Secrets to mount; this is the name of the Secret the on-call webhook ExternalSecret creates, not a credential.',
  },
];

/** Problems of an allow-list (empty reason, an entry that matches nothing specific). */
export function allowlistProblems(list: readonly SecretAllowance[]): string[] {
  return list.flatMap((entry, index) => {
    const problems: string[] = [];
    if (entry.name === undefined && entry.value === undefined) problems.push(`entry ${index}: needs a name or a value`);
    if (entry.reason.trim().length < 20) problems.push(`entry ${index}: the reason must say why in a sentence (at least 20 characters)`);
    return problems;
  });
}
