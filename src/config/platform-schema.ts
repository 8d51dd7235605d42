import { z } from 'zod';
import { backupSchema } from './platform/backup';
import { loggingSchema } from './platform/logging';
import { monitoringSchema } from './platform/monitoring';
import { stackroxSchema } from './platform/stackrox';
import { teeSchema } from './platform/tee';
import { metricsServerSchema } from './platform/metrics-server';
import { externalDnsSchema } from './platform/external-dns';
import { certManagerSchema } from './platform/cert-manager';
import { externalSecretsSchema } from './platform/external-secrets';
import { ingressSchema } from './platform/ingress';
import { kyvernoSchema } from './platform/kyverno';
import { storageClassesSchema } from './platform/storage-classes';
import { teamsSchema, tenancySchema } from './platform/tenancy';
import { networkSchema } from './platform/network';

/**
 * overlays/<env>/platform.yaml: one top-level key per platform concern. Each component's part of
 * the schema lives in src/config/platform/<component>.ts and is composed here.
 */
export const platformFileSchema = z.strictObject({
  /** The ingress tier: controller choice, replicas, dedicated nodes, resources. */
  ingress: ingressSchema,
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
  /** metrics-server (the `metrics.k8s.io` API HPAs read); on unless turned off (src/config/platform/metrics-server.ts). */
  metricsServer: metricsServerSchema,
  /** external-dns for the exposed hosts, opt-in (src/config/platform/external-dns.ts). */
  externalDns: externalDnsSchema.optional(),
  /** Confidential-computing node pool; required in environments that run apps marked `confidential`. */
  tee: teeSchema.optional(),
  /** cert-manager and the ACME DNS-01 ClusterIssuer. */
  certManager: certManagerSchema,
  /** External Secrets Operator and the Vault ClusterSecretStore. */
  externalSecrets: externalSecretsSchema,
  /** Kyverno and the ClusterPolicies this project renders. */
  kyverno: kyvernoSchema,
  /** Teams (AppDefinition.team) and their groups. */
  teams: teamsSchema,
  /** Baseline of every application namespace. */
  tenancy: tenancySchema,
  /** StorageClasses of the cluster (exactly one default). */
  storageClasses: storageClassesSchema,
  /** Cluster addresses the platform namespaces' NetworkPolicies need (src/config/platform/network.ts). */
  network: networkSchema,
});

export type PlatformConfig = z.infer<typeof platformFileSchema>;
