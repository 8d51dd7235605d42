import { z } from 'zod';
import { dnsLabel } from '../fields';

/**
 * overlays/<env>/platform.yaml `storageClasses`: name -> class. Binding mode and volume
 * expansion are not knobs: every class binds on first consumer (so zonal volumes land in the
 * pod's zone) and can grow.
 */
export const storageClassesSchema = z
  .record(
    dnsLabel,
    z.strictObject({
      /** CSI driver, e.g. ebs.csi.aws.com, pd.csi.storage.gke.io, disk.csi.azure.com. */
      provisioner: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9-]+)?$/, 'a CSI driver name such as ebs.csi.aws.com').max(63, 'a provisioner name of at most 63 characters'),
      /** The cluster default (storageclass.kubernetes.io/is-default-class); exactly one class sets it. */
      default: z.boolean(),
      /** Retain keeps the volume after its claim is deleted (databases); Delete frees it. */
      reclaimPolicy: z.enum(['Delete', 'Retain']),
      /** Driver-specific parameters, e.g. type: gp3. */
      parameters: z.record(z.string().regex(/^[A-Za-z0-9][-A-Za-z0-9_./]{0,315}$/, 'a parameter name such as type'), z.string().max(1024)).optional(),
    }),
  )
  .superRefine((classes, ctx) => {
    const defaults = Object.values(classes).filter((c) => c.default).length;
    if (defaults !== 1) {
      ctx.addIssue({ code: 'custom', path: [], input: defaults, message: 'exactly one StorageClass must set default: true' });
    }
  });

export type StorageClassesConfig = z.infer<typeof storageClassesSchema>;
