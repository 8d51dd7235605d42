import { z } from 'zod';
import { backupSchema } from './platform/backup';
import { loggingSchema } from './platform/logging';
import { monitoringSchema } from './platform/monitoring';
import { stackroxSchema } from './platform/stackrox';
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
  /** kube-prometheus-stack: retention, replicas, resources (src/config/platform/monitoring.ts). */
  monitoring: monitoringSchema,
  /** Loki and the Alloy log shipper (src/config/platform/logging.ts). */
  logging: loggingSchema,
  /** Velero: bucket, schedules' ttl, critical namespaces (src/config/platform/backup.ts). */
  backup: backupSchema,
  /** StackRox: cluster name, Central endpoint, Central + SIEM where hosted (src/config/platform/stackrox.ts). */
  stackrox: stackroxSchema,
  /** Confidential-computing node pool; required in environments that run apps marked `confidential`. */
  tee: teeSchema.optional(),
});

export type PlatformConfig = z.infer<typeof platformFileSchema>;
