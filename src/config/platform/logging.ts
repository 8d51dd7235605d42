import { z } from 'zod';
import { objectStorageSchema } from './object-storage';
import { resourcesSchema } from './quantities';

/** Loki's deployment modes (grafana-community/helm-charts loki `deploymentMode`). */
export const LOKI_MODES = ['Monolithic', 'SimpleScalable', 'Distributed'] as const;
export type LokiMode = (typeof LOKI_MODES)[number];

/** overlays/<env>/platform.yaml `logging:` Loki (storage, retention) and the Alloy log shipper. */
export const loggingSchema = z.strictObject({
  loki: z.strictObject({
    /** Monolithic (one binary, up to some 10s of GB/day), SimpleScalable (deprecated upstream) or Distributed. */
    mode: z.enum(LOKI_MODES),
    /** Replicas of each Loki component the mode runs (3 or more enables replication factor 3). */
    replicas: z.int().min(1).max(10),
    /** Days of logs kept; the compactor deletes older chunks. */
    retentionDays: z.int().min(1).max(365),
    /** Bucket for chunks and indexes, outside the cluster. Credentials: Vault, via ExternalSecret. */
    storage: objectStorageSchema,
    /** Memcached chunk and results caches (about 9 GiB of memory with the chart defaults). */
    cachesEnabled: z.boolean(),
    /** Resources of each Loki component container. */
    resources: resourcesSchema,
  }),
  shipper: z.strictObject({
    /** Resources of the Alloy container on each node. */
    resources: resourcesSchema,
  }),
});

export type LoggingConfig = z.infer<typeof loggingSchema>;
