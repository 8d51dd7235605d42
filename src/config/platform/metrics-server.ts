import { z } from 'zod';

/**
 * overlays/<env>/platform.yaml `metricsServer`: the resource metrics API (`metrics.k8s.io`) every
 * HorizontalPodAutoscaler reads. On unless the overlay turns it off (a cluster whose provider
 * already runs metrics-server, e.g. a managed add-on: two would fight over the APIService).
 */
export const metricsServerSchema = z
  .strictObject({
    /** Install the metrics-server chart. @default true */
    enabled: z.boolean().default(true),
    /** Replicas of the metrics API (two keep HPAs working through a node drain). @default 2 */
    replicas: z.number().int().min(1).max(5).default(2),
  })
  .default({ enabled: true, replicas: 2 });

export type MetricsServerConfig = z.infer<typeof metricsServerSchema>;
