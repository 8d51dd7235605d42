import { z } from 'zod';
import { dnsLabel } from '../fields';
import { cpuQuantity, memoryQuantity } from './common';
import { CPU_QUANTITY, MEMORY_QUANTITY, cpuMillis, memoryBytes } from './quantity';

/** overlays/<env>/platform.yaml `teams`: team name (AppDefinition.team) -> its identity-provider groups. */
export const teamsSchema = z.record(
  dnsLabel,
  z.strictObject({
    /** Groups (as the API server sees them from OIDC) whose members work on the team's apps. */
    groups: z.array(z.string().min(1).max(256)).min(1),
  }),
);

/** overlays/<env>/platform.yaml `tenancy`: the baseline every application namespace gets. */
export const tenancySchema = z.strictObject({
  /** Built-in ClusterRole team groups are bound to in their namespaces (edit outside prod, view in prod). */
  teamRole: z.enum(['edit', 'view']),
  /**
   * Kubernetes minor the restricted Pod Security level is pinned to (prod), so a cluster upgrade
   * cannot tighten the rules under running workloads. Unset: `latest`.
   */
  podSecurityVersion: z.string().regex(/^v1\.\d{2}$/, 'a Kubernetes minor such as v1.28').optional(),
  /** ResourceQuota of each application namespace. */
  quota: z.strictObject({
    requestsCpu: cpuQuantity,
    requestsMemory: memoryQuantity,
    limitsMemory: memoryQuantity,
    pods: z.int().min(1),
    persistentVolumeClaims: z.int().min(0),
    /** Zero is a real setting here: with persistentVolumeClaims 0 the namespace gets no storage. */
    requestsStorage: z.string().regex(MEMORY_QUANTITY, 'a storage quantity such as 100Gi'),
  }),
  /** LimitRange of each application namespace: defaults for containers that set nothing, and a ceiling. */
  limitRange: z
    .strictObject({
      defaultRequest: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
      defaultLimit: z.strictObject({ memory: memoryQuantity }),
      max: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
    })
    .superRefine((range, ctx) => {
      const problem = (path: string[], input: string, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
      // Refinements run even when a field failed its own check; compare only valid quantities.
      const memory = [range.defaultRequest.memory, range.defaultLimit.memory, range.max.memory];
      if (!memory.every((q) => MEMORY_QUANTITY.test(q)) || !CPU_QUANTITY.test(range.defaultRequest.cpu) || !CPU_QUANTITY.test(range.max.cpu)) return;
      if (memoryBytes(range.defaultRequest.memory) > memoryBytes(range.defaultLimit.memory)) problem(['defaultRequest', 'memory'], range.defaultRequest.memory, `default memory request is above defaultLimit.memory ${range.defaultLimit.memory}`);
      if (memoryBytes(range.defaultLimit.memory) > memoryBytes(range.max.memory)) problem(['defaultLimit', 'memory'], range.defaultLimit.memory, `default memory limit is above max.memory ${range.max.memory}`);
      if (cpuMillis(range.defaultRequest.cpu) > cpuMillis(range.max.cpu)) problem(['defaultRequest', 'cpu'], range.defaultRequest.cpu, `default CPU request is above max.cpu ${range.max.cpu}`);
    }),
});

export type TeamsConfig = z.infer<typeof teamsSchema>;
export type TenancyConfig = z.infer<typeof tenancySchema>;
