import type { KyvernoPolicyProps } from '../kyverno-policy';
import { podRule } from '../pod-rule';
import { validateAction, type PolicyContext } from './policy-context';

/**
 * CPU and memory requests plus a memory limit on every container. No CPU limit required:
 * CPU is compressible, memory is not (an unbounded container gets the node OOM-killed).
 */
export function resourcesPolicy(context: PolicyContext): KyvernoPolicyProps {
  const failureAction = context.environment.platform.kyverno.failureAction;
  return {
    name: 'require-requests-limits',
    title: 'Require requests and a memory limit',
    description: 'Every container sets CPU and memory requests and a memory limit.',
    failureAction,
    exemptions: context.workloadExemptions,
    rules: [
      podRule('requests-and-memory-limit', context.workloadExemptions, {
        validate: {
          failureAction: validateAction(failureAction),
          message: 'CPU and memory requests and a memory limit are required.',
          pattern: { spec: { containers: [{ resources: { requests: { cpu: '?*', memory: '?*' }, limits: { memory: '?*' } } }] } },
        },
      }),
    ],
  };
}
