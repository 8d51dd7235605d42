import { z } from 'zod';
import { dnsSubdomain, httpsUrl } from '../fields';
import { imageSchema } from '../overlay-schemas';
import { labelKeyOf } from './common';
import { cpuQuantity, memoryQuantity } from './quantities';

/**
 * overlays/<env>/platform.yaml `tee`: the confidential-computing (TEE) node pool that apps marked
 * `confidential` are placed on. runtimeClassName, nodeSelector and taint are what a workload needs
 * to land there; technology, podOverhead and tuner drive the platform's tee-nodes component
 * (RuntimeClass, Node Feature Discovery rule that sets the nodeSelector labels, tuning DaemonSet).
 */

/** Confidential-computing technologies with a Kata/CoCo runtime handler. */
export const TEE_TECHNOLOGIES = ['SEV-SNP', 'TDX'] as const;
export type TeeTechnology = (typeof TEE_TECHNOLOGIES)[number];

/**
 * Label namespaces Node Feature Discovery refuses to write (kubernetes.io and k8s.io and their
 * subdomains, except its own feature.node / profile.node namespaces).
 */
const NFD_DENIED_LABEL_KEY = /^(?!(feature|profile)\.node\.kubernetes\.io\/)([a-z0-9.-]+\.)?(kubernetes\.io|k8s\.io)\//;

const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelKey = labelKeyOf('a label key such as node.example.com/tee');
const labelValue = z.string().regex(LABEL_VALUE, 'a label value (at most 63 characters of letters, digits, - _ .)');

export const teeSchema = z.strictObject({
  /** RuntimeClass of the Kata/CoCo handler (e.g. kata-qemu-snp or kata-qemu-tdx). */
  runtimeClassName: dnsSubdomain('a RuntimeClass name such as kata-qemu-snp'),
  /** AMD SEV-SNP or Intel TDX: the Kata handler of the RuntimeClass and the CPU feature NFD checks. */
  technology: z.enum(TEE_TECHNOLOGIES),
  /**
   * Labels that only TEE-capable nodes carry; confidential pods select them. The tee-nodes
   * component's NodeFeatureRule sets them on nodes whose CPU reports the technology enabled.
   */
  nodeSelector: z
    .record(labelKey, labelValue)
    .refine((selector) => Object.keys(selector).length > 0, 'at least one node label')
    .refine((selector) => !Object.keys(selector).some((key) => NFD_DENIED_LABEL_KEY.test(key)), 'labels outside kubernetes.io/k8s.io (Node Feature Discovery may not set those)'),
  /** The taint that keeps other workloads off the TEE pool; confidential pods tolerate it. */
  taint: z.strictObject({
    key: labelKey,
    value: labelValue.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  }),
  /** Fixed cost of a confidential pod's guest VM (RuntimeClass overhead), added to its requests. */
  podOverhead: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
  /**
   * Remote attestation: the Key Broker Service (Trustee) confidential pods attest to before any
   * secret is released, and the Kata agent policy they enforce. Carried into every confidential
   * pod as initdata (docs/decisions/confidential-workloads.md). Without it the guest uses the
   * image's defaults: no broker, the permissive agent policy.
   */
  attestation: z
    .strictObject({
      /** KBS URL (https), e.g. https://kbs.example.com:8080. */
      kbsUrl: httpsUrl('an https:// URL of the Key Broker Service'),
      /** Kata agent policy (Rego, package agent_policy) enforced inside the guest. */
      agentPolicy: z
        .string()
        .refine((policy) => /^\s*package agent_policy\b/m.test(policy), 'a Rego policy starting with `package agent_policy`')
        .refine((policy) => !policy.includes("'''"), "a policy without ''' (it is embedded in a TOML literal string)")
        .optional(),
    })
    .optional(),
  /** The node-tuning DaemonSet on the TEE nodes. */
  tuner: z.strictObject({
    /** Image with a `sysctl` binary and `sleep`, pinned by digest. */
    image: imageSchema,
    /** Kernel parameters set on every TEE node (name -> value), e.g. vm.nr_hugepages: "1024". */
    sysctls: z
      .record(z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_-]+)+$/, 'a sysctl name such as vm.nr_hugepages'), z.string().regex(/^[0-9]+( [0-9]+)*$/, 'a numeric sysctl value'))
      .refine((sysctls) => Object.keys(sysctls).length > 0, { message: 'at least one sysctl (a tuner with nothing to tune should not run privileged)' }),
  }),
});

export type TeeConfig = z.infer<typeof teeSchema>;
