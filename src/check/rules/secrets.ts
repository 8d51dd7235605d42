import { secretLikeEntry, secretLikeHelmValue } from '../k8s/secret-patterns';
import { isRecord, recordAt } from '../pod-security/narrow';
import type { Rule, Violation } from './rule';
import type { CheckedObject } from '../types';

/** Secrets reach the cluster through External Secrets; Git holds references, never values. */
export const noSecretValues: Rule = {
  id: 'no-secret-values',
  reason: 'Anything committed to Git is readable by everyone with repository access, forever (history).',
  fix: 'Remove the Secret and deliver it with an ExternalSecret (charts/lib/external-secret.ts) from the vault ClusterSecretStore; rotate the leaked value.',
  // A secret in Git is leaked whatever the environment.
  severity: 'error',
  *check(context) {
    for (const secret of context.ofKind('', 'Secret')) {
      const keys = ['data', 'stringData'].flatMap((field) => {
        const values = recordAt(secret.object, field);
        return values === undefined ? [] : Object.keys(values).map((key) => `${field}.${key}`);
      });
      if (keys.length > 0) yield { object: secret, message: `Secret carries values in Git: ${keys.join(', ')}` };
    }
  },
};

/** No credential-looking literals in container env, ConfigMaps or Helm values. */
export const noSecretLiterals: Rule = {
  id: 'no-secret-literals',
  reason: 'A credential written as a plain env value, ConfigMap entry or Helm value is a secret in Git.',
  fix: 'Put the value in Vault and reference it: env valueFrom.secretKeyRef on a Secret from an ExternalSecret, or the chart\'s existingSecret value.',
  severity: 'error',
  *check(context) {
    for (const workload of context.workloads) {
      for (const container of workload.containers) {
        const env = Array.isArray(container.spec['env']) ? container.spec['env'].filter(isRecord) : [];
        for (const [index, variable] of env.entries()) {
          const { name, value } = variable;
          if (typeof name !== 'string' || typeof value !== 'string') continue;
          const why = secretLikeEntry(name, value);
          if (why !== undefined) yield { object: workload.source, message: `container ${container.name} env ${name} (${container.path}.env[${index}]): ${why}` };
        }
      }
    }
    for (const configMap of context.ofKind('', 'ConfigMap')) {
      for (const [key, value] of Object.entries(recordAt(configMap.object, 'data') ?? {})) {
        const why = typeof value === 'string' ? secretLikeEntry(key, value) : undefined;
        if (why !== undefined) yield { object: configMap, message: `data.${key}: ${why}` };
      }
    }
    for (const app of context.applications) {
      for (const chart of app.charts) {
        if (chart.values !== undefined) yield* helmValueViolations(app.source, chart.chart, chart.values, []);
      }
    }
  },
};

function* helmValueViolations(app: CheckedObject, chart: string, value: unknown, path: readonly string[]): Generator<Violation> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* helmValueViolations(app, chart, item, [...path, `[${index}]`]);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) yield* helmValueViolations(app, chart, item, [...path, key]);
  } else if (typeof value === 'string') {
    const key = [...path].reverse().find((segment) => !segment.startsWith('[')) ?? '';
    const why = secretLikeHelmValue(key, value);
    if (why !== undefined) yield { object: app, message: `Helm value ${path.join('.').replaceAll('.[', '[')} of chart ${chart}: ${why}` };
  }
}
