import { z } from 'zod';
import { cpuQuantity, memoryQuantity } from './common';

/**
 * Quantities and container resources of the platform layer II overlay sections (monitoring,
 * logging, backup, StackRox, TEE nodes). CPU and memory quantities are the shared ones of
 * common.ts; the resources shape is the short one (memory = request = limit).
 */

export { cpuQuantity, memoryQuantity };
export const storageQuantity = z.string().regex(/^[1-9][0-9]*(Gi|Ti)$/, 'a storage size such as 50Gi or 1Ti');

/**
 * One container's resources. `cpu` is the request; `memory` is both request and limit (memory is
 * never overcommitted). No CPU limit: throttling hurts latency more than it protects neighbours,
 * and Kyverno's require-requests-limits asks for the memory limit only.
 */
export const resourcesSchema = z.strictObject({
  cpu: cpuQuantity,
  memory: memoryQuantity,
});

export type Resources = z.infer<typeof resourcesSchema>;
