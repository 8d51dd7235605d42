import { z } from 'zod';
import { imageSchema } from '../overlay-schemas';
import { cpuQuantity, memoryQuantity } from './quantities';

/** Confidential-computing technologies with a Kata/CoCo runtime handler. */
export const TEE_TECHNOLOGIES = ['SEV-SNP', 'TDX'] as const;
export type TeeTechnology = (typeof TEE_TECHNOLOGIES)[number];

const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a label key such as node.example.com/pool');
const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, 'a label value (63 characters of letters, digits, -, _ and .)').max(63);

/**
 * overlays/<env>/platform.yaml `teeNodes:` (optional) a confidential-computing node pool. Absent:
 * the environment has no TEE nodes and confidential apps cannot run there.
 */
export const teeNodesSchema = z.strictObject({
  /** AMD SEV-SNP or Intel TDX: picks the Kata runtime handler (kata-qemu-snp or kata-qemu-tdx). */
  technology: z.enum(TEE_TECHNOLOGIES),
  /** Label every node of the pool carries (set by the node pool / cloud provider). */
  poolLabel: z.strictObject({ key: labelKey, value: labelValue }),
  /** Taint of the pool's nodes: keeps every workload off them except confidential ones. */
  taint: z.strictObject({ key: labelKey, value: labelValue, effect: z.enum(['NoSchedule', 'NoExecute']) }),
  /** Fixed cost of a confidential pod's guest VM (RuntimeClass overhead), added to its requests. */
  podOverhead: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
  /** The node-tuning DaemonSet on the pool. */
  tuner: z.strictObject({
    /** Image with a `sysctl` binary and `sleep`, pinned by digest. */
    image: imageSchema,
    /** Kernel parameters set on every TEE node (name -> value), e.g. vm.nr_hugepages: "1024". */
    sysctls: z.record(z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_-]+)+$/, 'a sysctl name such as vm.nr_hugepages'), z.string().regex(/^[0-9]+( [0-9]+)*$/, 'a numeric sysctl value'))
      .refine((sysctls) => Object.keys(sysctls).length > 0, { message: 'at least one sysctl (a tuner with nothing to tune should not run privileged)' }),
  }),
});

export type TeeNodesConfig = z.infer<typeof teeNodesSchema>;
