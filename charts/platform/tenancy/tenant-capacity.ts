import type { AppSettings } from '../../../src/config/overlay-schemas';
import type { TenancyConfig } from '../../../src/config/platform/tenancy';
import { cpuMillis, memoryBytes } from '../../../src/config/platform/quantity';
import type { AppDefinition } from '../../lib/app-definition';

/**
 * Problems that would only show up in the cluster as pods that never start: an app whose pods
 * exceed the LimitRange ceiling, or whose replicas (plus the extra pod of a rolling update)
 * do not fit the namespace quota. Returns one message per problem.
 */
export function capacityProblems(app: AppDefinition, settings: AppSettings, tenancy: TenancyConfig, environment: string): string[] {
  const problems: string[] = [];
  const where = `app '${app.name}' in ${environment}`;
  const cpu = cpuMillis(app.resources.cpu);
  const memory = memoryBytes(app.resources.memory);
  if (cpu > cpuMillis(tenancy.limitRange.max.cpu)) problems.push(`${where}: resources.cpu ${app.resources.cpu} exceeds tenancy.limitRange.max.cpu ${tenancy.limitRange.max.cpu}`);
  if (memory > memoryBytes(tenancy.limitRange.max.memory)) problems.push(`${where}: resources.memory ${app.resources.memory} exceeds tenancy.limitRange.max.memory ${tenancy.limitRange.max.memory}`);
  // The most replicas the app can run: fixed, or the HPA's ceiling (the schema requires one of them).
  const replicas = settings.replicas ?? settings.autoscaling?.maxReplicas ?? 0;
  // A rolling update runs up to 25% extra pods (rounded up) next to the old ones.
  const pods = replicas + Math.ceil(replicas / 4);
  const fits = (need: number, quota: number) => need <= quota;
  const during = `${pods} pods (${replicas} replicas + surge during a rolling update)`;
  if (!fits(pods, tenancy.quota.pods)) problems.push(`${where}: ${during} exceed tenancy.quota.pods ${tenancy.quota.pods}`);
  if (!fits(pods * cpu, cpuMillis(tenancy.quota.requestsCpu))) problems.push(`${where}: ${during} × ${app.resources.cpu} CPU exceed tenancy.quota.requestsCpu ${tenancy.quota.requestsCpu}`);
  if (!fits(pods * memory, memoryBytes(tenancy.quota.requestsMemory))) problems.push(`${where}: ${during} × ${app.resources.memory} memory exceed tenancy.quota.requestsMemory ${tenancy.quota.requestsMemory}`);
  // The memory limit equals the request (AppDefinition), so the same check covers limits.memory.
  if (!fits(pods * memory, memoryBytes(tenancy.quota.limitsMemory))) problems.push(`${where}: ${during} × ${app.resources.memory} memory limit exceed tenancy.quota.limitsMemory ${tenancy.quota.limitsMemory}`);
  return problems;
}
