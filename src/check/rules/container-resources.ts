import { recordAt } from '../pod-security/narrow';
import type { Rule } from './rule';

const REQUIRED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
] as const;

/** CPU and memory requests plus a memory limit on every container (CPU limits stay optional: they throttle). */
export const containerResources: Rule = {
  id: 'container-resources',
  reason: 'Without requests the scheduler overcommits nodes; without a memory limit one pod can exhaust a node.',
  fix: 'Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on the container.',
  severity: 'production',
  *check(context) {
    for (const workload of context.workloads) {
      // Ephemeral (debug) containers cannot declare resources.
      for (const container of workload.containers.filter((c) => c.list !== 'ephemeralContainers')) {
        const resources = recordAt(container.spec, 'resources') ?? {};
        const missing = REQUIRED.filter(([section, resource]) => {
          const value = recordAt(resources, section)?.[resource];
          return value === undefined || value === null || value === '';
        }).map(([section, resource]) => `resources.${section}.${resource}`);
        if (missing.length > 0) {
          yield { object: workload.source, message: `container ${container.name} (${container.path}) sets no ${missing.join(', ')}` };
        }
      }
    }
  },
};
