import { z } from 'zod';
import { teeSchema } from './platform/tee';

/**
 * overlays/<env>/platform.yaml: one top-level key per platform concern. Each component's part of
 * the schema lives in src/config/platform/<component>.ts and is composed here.
 */
export const platformFileSchema = z.strictObject({
  ingress: z.strictObject({
    /** Which ingress controller runs the ingress tier (ingress-nginx is retired upstream; see README). */
    controller: z.enum(['ingress-nginx', 'traefik']),
  }),
  /** Registries images may come from (Kyverno enforces it in-cluster, `npm run check` before merge). */
  allowedRegistries: z.array(z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, 'a registry host[:port][/path] such as registry.example.com')).min(1),
  /** Confidential-computing node pool; required in environments that run apps marked `confidential`. */
  tee: teeSchema.optional(),
});

export type PlatformConfig = z.infer<typeof platformFileSchema>;
