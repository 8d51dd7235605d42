import type { KyvernoPolicyProps } from '../kyverno-policy';
import { everyContainer, podRule } from '../pod-rule';
import { validateAction, type PolicyContext } from './policy-context';

/** Images only from the registries the overlay allows (`allowedRegistries`). */
export function registryPolicy(context: PolicyContext): KyvernoPolicyProps {
  const { allowedRegistries } = context.environment.platform;
  const failureAction = context.environment.platform.kyverno.failureAction;
  return {
    name: 'restrict-image-registries',
    title: 'Restrict image registries',
    description: `Images come only from: ${allowedRegistries.join(', ')}.`,
    failureAction,
    exemptions: context.workloadExemptions,
    rules: [
      podRule('allowed-registries', context.workloadExemptions, {
        validate: {
          failureAction: validateAction(failureAction),
          message: `Images must come from an allowed registry: ${allowedRegistries.join(', ')}.`,
          // `registry/*` matches below the registry only, so `registry.example.com.evil.io` does not pass.
          pattern: everyContainer({ image: allowedRegistries.map((r) => `${r}/*`).join(' | ') }),
        },
      }),
    ],
  };
}
