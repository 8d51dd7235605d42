import { z } from 'zod';

/**
 * Building blocks shared by the platform components' overlay schemas: Kubernetes quantities,
 * container resources and S3-compatible object storage.
 */

export const cpuQuantity = z.string().regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/, 'a CPU quantity such as 250m or 2');
export const memoryQuantity = z.string().regex(/^[1-9][0-9]*(Mi|Gi)$/, 'a memory quantity such as 512Mi or 2Gi');
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
