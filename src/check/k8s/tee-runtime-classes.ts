import { TEE_RUNTIME_HANDLERS } from '../../../charts/platform/tee-nodes/runtime-handlers';
import type { RuleContext } from '../rule-context';

/**
 * The RuntimeClasses that run pods in a TEE: the overlay's tee.runtimeClassName, and any rendered
 * RuntimeClass whose handler is a Kata TEE handler (a second class for the same pool).
 */
export function teeRuntimeClassNames(context: RuleContext): Set<string> {
  const teeHandlers = new Set<string>(Object.values(TEE_RUNTIME_HANDLERS));
  const names = new Set(
    context
      .ofKind('node.k8s.io', 'RuntimeClass')
      .filter((rc) => teeHandlers.has(String((rc.object as unknown as Record<string, unknown>)['handler'])))
      .map((rc) => rc.object.metadata.name),
  );
  const tee = context.environment.platform.tee;
  if (tee) names.add(tee.runtimeClassName);
  return names;
}
