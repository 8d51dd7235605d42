import { z } from 'zod';
import { dnsLabel } from '../overlay-schemas';
import { vaultSecretRef } from './common';

/**
 * overlays/<env>/platform.yaml `externalSecrets.keys`: how this environment's Vault keys are kept
 * apart from every other environment's. Charts and app definitions name keys without an
 * environment (apps/api/database); the prefix from here is put in front of every one of them.
 */
export const secretKeysSchema = z
  .strictObject({
    /**
     * First path segment of every key this environment reads (prod: prod/apps/api/database). Also
     * names this environment's Vault roles and policies (prod-app-api), so it is one DNS label.
     */
    environmentPrefix: dnsLabel,
    /**
     * Keys this environment reads without the prefix, because other environments read the very
     * same value; each with the reason. `npm run check` fails on a key two environments read
     * unless every one of them lists it here.
     */
    shared: z
      .array(
        z.strictObject({
          /** The key as charts or app definitions name it, e.g. platform/stackrox/central-admin. */
          key: vaultSecretRef.shape.remoteKey,
          /** Why sharing this value across environments is acceptable. */
          reason: z.string().trim().min(1, 'the reason this value may be shared across environments'),
        }),
      )
      .optional(),
  })
  .superRefine((keys, ctx) => {
    const seen = new Set<string>();
    for (const [index, entry] of (keys.shared ?? []).entries()) {
      if (seen.has(entry.key)) ctx.addIssue({ code: 'custom', path: ['shared', index, 'key'], input: entry.key, message: 'listed twice, expected each shared key once' });
      seen.add(entry.key);
    }
  });

export type SecretKeysConfig = z.infer<typeof secretKeysSchema>;
