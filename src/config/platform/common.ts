import { z } from 'zod';
import { CPU_QUANTITY, MEMORY_QUANTITY, memoryBytes } from './quantity';

/** Building blocks several platform components' overlay sections share. */

export const cpuQuantity = z.string().regex(CPU_QUANTITY, 'a CPU quantity such as 250m or 2');
export const memoryQuantity = z.string().regex(MEMORY_QUANTITY, 'a memory quantity such as 512Mi or 2Gi');

/** A label or taint key: optional DNS-subdomain prefix, then a name (kubernetes.io/docs/concepts/overview/working-with-objects/labels). */
export const labelKey = z
  .string()
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'a label key such as node-role.kubernetes.io/ingress');
export const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, 'a label value (at most 63 letters, digits, -, _ or .)');

/** Where a secret value lives in Vault: Git only ever holds this reference, never the value. */
export const vaultSecretRef = z.strictObject({
  /** Path of the secret in the store, e.g. platform/prod/cert-manager/cloudflare. */
  remoteKey: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'a Vault secret path such as platform/prod/cert-manager/cloudflare'),
  /** Property inside that secret, e.g. api-token. */
  property: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a property name such as api-token'),
});

/**
 * Container requests and the memory limit. No CPU limit on purpose: CPU is compressible, and a
 * limit throttles latency-sensitive proxies long before the node is busy.
 */
export const containerResources = z
  .strictObject({
    requests: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
    limits: z.strictObject({ memory: memoryQuantity }),
  })
  .superRefine((resources, ctx) => {
    if (memoryBytes(resources.requests.memory) > memoryBytes(resources.limits.memory)) {
      ctx.addIssue({ code: 'custom', path: ['requests', 'memory'], input: resources.requests.memory, message: `memory request is above the memory limit ${resources.limits.memory}` });
    }
  });

export const operatorReplicas = z.int().min(1).max(9);

export type VaultSecretRef = z.infer<typeof vaultSecretRef>;
export type ContainerResources = z.infer<typeof containerResources>;
