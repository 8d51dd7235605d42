import { z } from 'zod';
import { httpsUrl } from '../fields';
import { operatorReplicas } from './common';

/** Enforce blocks a non-compliant Pod at admission; Audit admits it and records a PolicyReport. */
const failureAction = z.enum(['Enforce', 'Audit']);

/** overlays/<env>/platform.yaml `kyverno`: the policy engine and the policies this project renders. */
export const kyvernoSchema = z.strictObject({
  /** Admission controller pods (Kyverno recommends 3 for HA; the other controllers run 1 or 2). */
  replicas: operatorReplicas,
  /** What a violation of the registry, requests/limits and Pod Security rules does. */
  failureAction,
  /** cosign signature verification of images from the allowed registries. */
  imageVerification: z
    .strictObject({
      /** What an unsigned or wrongly signed image does (Enforce in prod, Audit elsewhere). */
      failureAction,
      /** Keyless signing: the Fulcio certificate's OIDC issuer and subject (wildcards allowed). */
      keyless: z
        .strictObject({
          issuer: httpsUrl('an https:// OIDC issuer URL such as https://token.actions.githubusercontent.com'),
          subject: z.string().min(1),
          /** Transparency log the signatures were recorded in. */
          rekorURL: httpsUrl('an https:// Rekor URL'),
        })
        .optional(),
      /** A cosign public key (PEM) the images are signed with. */
      publicKey: z
        .string()
        .regex(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/, 'a PEM public key (-----BEGIN PUBLIC KEY----- ...)')
        .optional(),
    })
    .superRefine((verification, ctx) => {
      const chosen = [verification.keyless, verification.publicKey].filter((x) => x !== undefined).length;
      if (chosen !== 1) {
        ctx.addIssue({ code: 'custom', path: [], input: chosen, message: 'exactly one of keyless or publicKey must be set' });
      }
    }),
});

export type KyvernoConfig = z.infer<typeof kyvernoSchema>;
export type PolicyFailureAction = z.infer<typeof failureAction>;
