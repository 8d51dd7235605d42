import type { KyvernoPolicyProps } from '../kyverno-policy';
import { everyContainer, podRule } from '../pod-rule';
import { validateAction, type PolicyContext } from './policy-context';

/**
 * Images by digest, never `latest`, in every environment and every namespace not exempted:
 * a tag can be moved under a running workload, a digest cannot. Always Enforce: the platform
 * only ever renders digests, so this can only stop something that bypassed Git.
 */
export function imageDigestPolicy(context: PolicyContext): KyvernoPolicyProps {
  const failureAction = 'Enforce';
  const action = validateAction(failureAction);
  return {
    name: 'require-image-digest',
    title: 'Require image digests, disallow latest',
    description: 'Every container image is referenced as repository@sha256:<digest>, and never with the latest tag.',
    failureAction,
    exemptions: [...context.digestExemptions, ...context.latestTagExemptions],
    rules: [
      podRule('require-digest', context.digestExemptions, {
        validate: { failureAction: action, message: 'Images must be pinned by digest (repository@sha256:...).', pattern: everyContainer({ image: '*@sha256:*' }) },
      }),
      // Two rules, one per spelling: `repo:latest` (no digest) and `repo:latest@sha256:...`.
      podRule('disallow-latest-tag', context.latestTagExemptions, {
        validate: { failureAction: action, message: 'The latest tag is not allowed.', pattern: everyContainer({ image: '!*:latest' }) },
      }),
      podRule('disallow-latest-tag-with-digest', context.latestTagExemptions, {
        validate: { failureAction: action, message: 'The latest tag is not allowed, even next to a digest.', pattern: everyContainer({ image: '!*:latest@*' }) },
      }),
    ],
  };
}
