import { z } from 'zod';
import { INGRESS_CONTROLLERS } from '../../../charts/lib/platform-names';
import { containerResources, labelKey, labelValue } from './common';

/** overlays/<env>/platform.yaml `ingress`: the ingress tier (charts/platform/ingress/). */
export const ingressSchema = z.strictObject({
  /** Which ingress controller runs the ingress tier (ingress-nginx is retired upstream; see README). */
  controller: z.enum(INGRESS_CONTROLLERS),
  /** Controller pods; at least 2 so a rollout or a node drain never drops traffic (prod runs 3, one per zone). */
  replicas: z.int().min(2).max(50),
  /**
   * Dedicated ingress nodes: controller pods select nodes carrying `nodeLabel` and tolerate
   * `taint`, which keeps every other workload off those nodes.
   */
  dedicatedNodes: z.strictObject({
    nodeLabel: z.strictObject({ key: labelKey, value: labelValue }),
    taint: z.strictObject({
      key: labelKey,
      value: labelValue,
      effect: z.enum(['NoSchedule', 'NoExecute', 'PreferNoSchedule']),
    }),
  }),
  /** Requests and memory limit of each controller pod. */
  resources: containerResources,
});

export type IngressConfig = z.infer<typeof ingressSchema>;
