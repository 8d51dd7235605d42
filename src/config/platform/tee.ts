import { z } from 'zod';

/**
 * overlays/<env>/platform.yaml `tee`: the confidential-computing (TEE) node pool that apps marked
 * `confidential` are placed on. Only what a workload needs to land there; the platform's TEE
 * component owns the cluster side (RuntimeClass, node labels, taint, tuning).
 */

/** A Kubernetes label key: optional DNS-subdomain prefix and a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelKey = z.string().regex(LABEL_KEY, 'a label key such as node.example.com/tee');
const labelValue = z.string().regex(LABEL_VALUE, 'a label value (at most 63 characters of letters, digits, - _ .)');

export const teeSchema = z.strictObject({
  /** RuntimeClass of the Kata/CoCo handler (e.g. kata-qemu-snp or kata-qemu-tdx). */
  runtimeClassName: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a RuntimeClass name such as kata-qemu-snp'),
  /** Labels that only TEE-capable nodes carry; confidential pods select them. */
  nodeSelector: z.record(labelKey, labelValue).refine((selector) => Object.keys(selector).length > 0, 'at least one node label'),
  /** The taint that keeps other workloads off the TEE pool; confidential pods tolerate it. */
  taint: z.strictObject({
    key: labelKey,
    value: labelValue.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  }),
});

export type TeeConfig = z.infer<typeof teeSchema>;
