import type { ClusterPolicySpecRulesVerifyImagesAttestorsEntries } from '../../../../imports/kyverno-clusterpolicy-kyverno.io';
import type { KyvernoConfig } from '../../../../src/config/platform/kyverno';
import type { KyvernoPolicyProps } from '../kyverno-policy';
import { podRule } from '../pod-rule';
import { verifyImagesAction, type PolicyContext } from './policy-context';

/**
 * cosign signatures on every image from the allowed registries, keyless (Fulcio identity) or
 * with a public key. mutateDigest is off: rendered manifests already carry digests, and a
 * mutating webhook rewriting images would make Argo CD report drift forever.
 */
export function signaturePolicy(context: PolicyContext): KyvernoPolicyProps {
  const { kyverno, allowedRegistries } = context.environment.platform;
  const failureAction = kyverno.imageVerification.failureAction;
  return {
    name: 'verify-image-signatures',
    title: 'Verify image signatures',
    description: 'Images from the allowed registries carry a valid cosign signature.',
    failureAction,
    // Background scans would call the registry for every running Pod; admission is enough.
    background: false,
    webhookTimeoutSeconds: 30,
    exemptions: context.workloadExemptions,
    rules: [
      podRule('cosign', context.workloadExemptions, {
        verifyImages: [
          {
            imageReferences: allowedRegistries.map((r) => `${r}/*`),
            failureAction: verifyImagesAction(failureAction),
            mutateDigest: false,
            verifyDigest: true,
            required: true,
            useCache: true,
            attestors: [{ count: 1, entries: [attestor(kyverno.imageVerification)] }],
          },
        ],
      }),
    ],
  };
}

function attestor(verification: KyvernoConfig['imageVerification']): ClusterPolicySpecRulesVerifyImagesAttestorsEntries {
  if (verification.keyless) {
    const { issuer, subject, rekorURL } = verification.keyless;
    return { keyless: { issuer, subject, rekor: { url: rekorURL } }, signatureAlgorithm: 'sha256' };
  }
  if (verification.publicKey) return { keys: { publicKeys: verification.publicKey, signatureAlgorithm: 'sha256' }, signatureAlgorithm: 'sha256' };
  // The overlay schema requires exactly one of them; reaching this is a programming error.
  throw new Error('kyverno.imageVerification: neither keyless nor publicKey is set');
}
