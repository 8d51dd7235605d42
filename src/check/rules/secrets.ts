import { gunzipSync } from 'node:zlib';
import { INITDATA_ANNOTATION } from '../../../charts/lib/app/initdata';
import { readSealedSecret } from '../../../charts/lib/sealed-secret';
import { secretInEntry, secretInValue } from '../../secrets/secret-detector';
import { secretEntries } from '../k8s/secret-entries';
import { isRecord, recordAt } from '../pod-security/narrow';
import type { Rule, Violation } from './rule';
import type { CheckedObject } from '../types';

/**
 * Secrets reach the cluster through External Secrets, or as sealed references a confidential
 * pod's Data Hub resolves after attestation; Git holds references, never values.
 */
export const noSecretValues: Rule = {
  id: 'no-secret-values',
  reason: 'Anything committed to Git is readable by everyone with repository access, forever (history).',
  fix: 'Remove the Secret; deliver it with an ExternalSecret (charts/lib/external-secret.ts), or as sealed references to a confidential app; rotate the leaked value.',
  // A secret in Git is leaked whatever the environment.
  severity: 'error',
  *check(context) {
    for (const secret of context.ofKind('', 'Secret')) {
      const values = [...secretEntries(secret).values()].filter(({ value }) => value === undefined || readSealedSecret(value)?.kind !== 'vault');
      if (values.length === 0) continue;
      const described = values.map(({ field, value }) => {
        const sealed = value === undefined ? undefined : readSealedSecret(value);
        return sealed?.kind === 'invalid' ? `${field} (a sealed secret, but ${sealed.problem})` : field;
      });
      yield { object: secret, message: `Secret carries values in Git: ${described.join(', ')}` };
    }
  },
};

/**
 * No credential-looking literals: by name and value in container env, ConfigMaps and Helm
 * values; by value (token formats, passwords in URLs, Authorization values, high-entropy
 * tokens) in every other string of every object. The detector is src/secrets/, shared with synth.
 */
export const noSecretLiterals: Rule = {
  id: 'no-secret-literals',
  reason: 'A credential written as a plain env value, ConfigMap entry, Helm value or any other field is a secret in Git.',
  fix: 'Put the value in Vault and reference it (secretKeyRef on an ExternalSecret\'s Secret, or the chart\'s existingSecret); a reviewed false positive goes into src/secrets/secret-allowlist.ts.',
  severity: 'error',
  *check(context) {
    for (const workload of context.workloads) {
      for (const container of workload.containers) {
        const env = Array.isArray(container.spec['env']) ? container.spec['env'].filter(isRecord) : [];
        for (const [index, variable] of env.entries()) {
          const { name, value } = variable;
          if (typeof name !== 'string' || typeof value !== 'string') continue;
          const why = secretInEntry(name, value);
          if (why !== undefined) yield { object: workload.source, message: `container ${container.name} env ${name} (${container.path}.env[${index}]): ${why}` };
        }
      }
    }
    for (const configMap of context.ofKind('', 'ConfigMap')) {
      for (const [key, value] of Object.entries(recordAt(configMap.object, 'data') ?? {})) {
        const why = typeof value === 'string' ? secretInEntry(key, value) : undefined;
        if (why !== undefined) yield { object: configMap, message: `data.${key}: ${why}` };
      }
    }
    for (const app of context.applications) {
      for (const chart of app.charts) {
        if (chart.values !== undefined) yield* helmValueViolations(app.source, chart.chart, chart.values, []);
      }
    }
    for (const object of context.objects) yield* otherStringViolations(object, object.object, []);
  },
};

function* helmValueViolations(app: CheckedObject, chart: string, value: unknown, path: readonly string[]): Generator<Violation> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* helmValueViolations(app, chart, item, [...path, `[${index}]`]);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) yield* helmValueViolations(app, chart, item, [...path, key]);
  } else if (typeof value === 'string') {
    const key = [...path].reverse().find((segment) => !segment.startsWith('[')) ?? '';
    const why = secretInEntry(key, value);
    if (why !== undefined) yield { object: app, message: `Helm value ${joinPath(path)} of chart ${chart}: ${why}` };
  }
}

/**
 * Every string not checked by name above, by value only. Skipped: container env lists, a
 * ConfigMap's data and an Application's Helm values, which the entry checks cover.
 */
function* otherStringViolations(object: CheckedObject, value: unknown, path: readonly string[]): Generator<Violation> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* otherStringViolations(object, item, [...path, `[${index}]`]);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (coveredByEntryChecks(object, path, key)) continue;
      yield* otherStringViolations(object, item, [...path, key]);
    }
  } else if (typeof value === 'string') {
    // The Kata initdata annotation is an encoded document (gzip, base64): judge what it carries.
    const why = path.at(-1) === INITDATA_ANNOTATION ? secretInInitdata(value) : secretInValue(value);
    if (why !== undefined) yield { object, message: `${joinPath(path)}: ${why}` };
  }
}

function secretInInitdata(value: string): string | undefined {
  let decoded: string;
  try {
    decoded = gunzipSync(Buffer.from(value, 'base64')).toString('utf8');
  } catch {
    return 'its value is not gzip+base64 initdata, so what it carries cannot be checked';
  }
  const why = secretInValue(decoded);
  return why === undefined ? undefined : `decoded initdata: ${why}`;
}

function coveredByEntryChecks(object: CheckedObject, path: readonly string[], key: string): boolean {
  if (key === 'env') return true;
  if (path.length === 0 && key === 'data' && object.object.kind === 'ConfigMap') return true;
  return key === 'valuesObject' && path.at(-1) === 'helm' && object.object.kind === 'Application';
}

function joinPath(path: readonly string[]): string {
  return path.join('.').replaceAll('.[', '[');
}
