import { z } from 'zod';
import { checkedString, DNS_SUBDOMAIN_MAX, type TextProblem } from '../fields';
import { CPU_QUANTITY, MEMORY_QUANTITY, cpuMillis, memoryBytes } from './quantity';

/** Building blocks several platform components' overlay sections share. */

/**
 * A CPU request or limit: a quantity above zero (a zero request schedules the pod anywhere and
 * gives it no CPU share; a zero limit or quota admits nothing).
 */
export const cpuQuantity = checkedString((value) => quantityProblem(value, CPU_QUANTITY, cpuMillis, 'a CPU quantity such as 250m or 2'));
/** A memory request or limit above zero (a zero limit kills the container at once). */
export const memoryQuantity = checkedString((value) => quantityProblem(value, MEMORY_QUANTITY, memoryBytes, 'a memory quantity such as 512Mi or 2Gi'));

function quantityProblem(value: string, pattern: RegExp, amount: (quantity: string) => number, expected: string): TextProblem {
  if (!pattern.test(value)) return { problem: 'invalid value', expected };
  if (amount(value) <= 0) return { problem: 'must be greater than zero', expected };
  return undefined;
}

const LABEL_KEY = /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A label or taint key: optional DNS-subdomain prefix (253 characters), then a name of 63 (kubernetes.io/docs/concepts/overview/working-with-objects/labels). */
export function labelKeyOf(expected: string): z.ZodString {
  return checkedString((value) => {
    const match = LABEL_KEY.exec(value);
    if (!match) return { problem: 'invalid value', expected };
    const prefix = match[2] ?? '';
    return prefix.length > DNS_SUBDOMAIN_MAX ? { problem: `prefix too long (${prefix.length} characters)`, expected: `${expected}, prefix at most ${DNS_SUBDOMAIN_MAX} characters` } : undefined;
  });
}

export const labelKey = labelKeyOf('a label key such as node-role.kubernetes.io/ingress');
export const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, 'a label value (at most 63 letters, digits, -, _ or .)');

/** A CSI driver name (the CSI spec: at most 63 characters, DNS-like). */
export const csiDriverName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/, 'a CSI driver name such as ebs.csi.aws.com (at most 63 characters)');

/** Where a secret value lives in Vault: Git only ever holds this reference, never the value. */
export const vaultSecretRef = z.strictObject({
  /** Path of the secret in the store, e.g. platform/prod/cert-manager/cloudflare. */
  remoteKey: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'a Vault secret path such as platform/prod/cert-manager/cloudflare').max(512),
  /** Property inside that secret, e.g. api-token. */
  property: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a property name such as api-token').max(253),
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
    // Refinements run even when a field failed its own check; compare only valid quantities.
    if (!MEMORY_QUANTITY.test(resources.requests.memory) || !MEMORY_QUANTITY.test(resources.limits.memory)) return;
    if (memoryBytes(resources.requests.memory) > memoryBytes(resources.limits.memory)) {
      ctx.addIssue({ code: 'custom', path: ['requests', 'memory'], input: resources.requests.memory, message: `memory request is above the memory limit ${resources.limits.memory}` });
    }
  });

export const operatorReplicas = z.int().min(1).max(9);

export type VaultSecretRef = z.infer<typeof vaultSecretRef>;
export type ContainerResources = z.infer<typeof containerResources>;
