import type { TeeConfig } from '../../config/platform/tee';
import { teeRuntimeClassNames } from '../k8s/tee-runtime-classes';
import { isRecord, recordAt, stringAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { Rule, Violation } from './rule';

interface Toleration { key?: string; operator?: string; value?: string; effect?: string }

/** Kubernetes' toleration matching: an empty effect matches every effect, Exists any value. */
function tolerates(tolerations: readonly Toleration[], taint: TeeConfig['taint']): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function tolerationsAt(value: unknown): Toleration[] {
  return Array.isArray(value) ? value.filter(isRecord).map((t) => ({ key: stringAt(t, 'key'), operator: stringAt(t, 'operator'), value: stringAt(t, 'value'), effect: stringAt(t, 'effect') })) : [];
}

function stringMap(value: unknown): Record<string, string> {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
}

/** Runtime handlers the Helm charts of the environment install on their nodes (declared facts). */
function installedHandlers(context: RuleContext): Map<string, string> {
  const handlers = new Map<string, string>();
  for (const install of context.charts) for (const handler of install.declared.runtimeHandlers ?? []) handlers.set(handler, install.application);
  return handlers;
}

/**
 * Every pod with a TEE runtime class (the overlay's tee.runtimeClassName, or a RuntimeClass whose
 * handler is a Kata TEE handler) can start: the RuntimeClass exists, a runtime component provides
 * its handler, and the pod (with the scheduling the RuntimeClass merges in at admission) selects
 * the pool's labels and tolerates its taint.
 */
export const teePlacement: Rule = {
  id: 'tee-placement',
  reason: 'A confidential pod whose RuntimeClass or handler is missing never starts, and one that does not select and tolerate the TEE pool stays Pending or lands on a node without the TEE.',
  fix: 'Mark the app confidential (runtime class, pool labels, toleration) and keep the overlay\'s tee section (RuntimeClass and runtime installed).',
  severity: 'error',
  *check(context) {
    const tee = context.environment.platform.tee;
    const runtimeClasses = new Map(context.ofKind('node.k8s.io', 'RuntimeClass').map((o) => [o.object.metadata.name, o.object as unknown as Record<string, unknown>]));
    const teeClasses = teeRuntimeClassNames(context);
    const handlers = installedHandlers(context);

    for (const workload of context.workloads) {
      const className = stringAt(workload.podSpec, 'runtimeClassName');
      if (className === undefined || !teeClasses.has(className)) continue;
      const where = `${workload.templatePath ? `${workload.templatePath}.spec` : 'spec'}.runtimeClassName`;
      const violation = (message: string): Violation => ({ object: workload.source, message: `${where} ${className}: ${message}` });
      if (!tee) {
        yield violation(`a TEE runtime class, but overlays/${context.environment.name}/platform.yaml has no tee section (no TEE pool)`);
        continue;
      }
      const runtimeClass = runtimeClasses.get(className);
      if (runtimeClass === undefined) {
        yield violation('no RuntimeClass of that name is rendered (the tee-nodes component renders tee.runtimeClassName)');
        continue;
      }
      const handler = String(runtimeClass['handler']);
      if (!handlers.has(handler)) {
        yield violation(`its handler ${handler} is installed by no runtime component (no chart declares it in runtimeHandlers; the confidential-runtime component installs the pool's handler)`);
      }
      const scheduling = recordAt(runtimeClass, 'scheduling') ?? {};
      const nodeSelector = { ...stringMap(workload.podSpec['nodeSelector']), ...stringMap(scheduling['nodeSelector']) };
      const missing = Object.entries(tee.nodeSelector).filter(([key, value]) => nodeSelector[key] !== value);
      if (missing.length > 0) yield violation(`the pod does not select the TEE pool's labels ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}`);
      const tolerations = [...tolerationsAt(workload.podSpec['tolerations']), ...tolerationsAt(scheduling['tolerations'])];
      if (!tolerates(tolerations, tee.taint)) yield violation(`the pod does not tolerate the TEE pool's taint ${tee.taint.key}${tee.taint.value === undefined ? '' : `=${tee.taint.value}`}:${tee.taint.effect}`);
    }
  },
};
