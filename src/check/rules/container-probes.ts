import { isRecord, recordAt, type UnknownRecord } from '../pod-security/narrow';
import { mainContainers } from '../k8s/workloads';
import type { Rule } from './rule';

const REQUIRED_PROBES = ['readinessProbe', 'livenessProbe'] as const;
const ALL_PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** Readiness and liveness probes on every long-running container, aimed at ports it declares. */
export const containerProbes: Rule = {
  id: 'container-probes',
  reason: 'Without readiness a pod gets traffic before it can serve; without liveness a hung pod is never restarted; a probe on an undeclared port always fails.',
  fix: 'Add readinessProbe and livenessProbe that target a port listed in the container\'s ports (by name or number), or use an exec probe.',
  severity: 'production',
  *check(context) {
    for (const workload of context.workloads.filter((w) => w.longRunning)) {
      for (const container of mainContainers(workload)) {
        const missing = REQUIRED_PROBES.filter((probe) => !isRecord(container.spec[probe]));
        if (missing.length > 0) {
          yield { object: workload.source, message: `container ${container.name} (${container.path}) has no ${missing.join(' and ')}` };
        }
        const ports = declaredPorts(container.spec);
        for (const probe of ALL_PROBES) {
          const port = probePort(recordAt(container.spec, probe));
          if (port === undefined) continue;
          if (!(typeof port === 'number' ? ports.numbers.has(port) : ports.names.has(port))) {
            const declared = [...ports.names, ...ports.numbers].join(', ') || 'none';
            yield {
              object: workload.source,
              message: `container ${container.name} (${container.path}) ${probe} targets port ${JSON.stringify(port)}, which the container does not declare (ports: ${declared})`,
            };
          }
        }
      }
    }
  },
};

function declaredPorts(container: UnknownRecord): { names: Set<string>; numbers: Set<number> } {
  const ports = Array.isArray(container['ports']) ? container['ports'].filter(isRecord) : [];
  return {
    names: new Set(ports.map((p) => p['name']).filter((n): n is string => typeof n === 'string')),
    numbers: new Set(ports.map((p) => p['containerPort']).filter((n): n is number => typeof n === 'number')),
  };
}

/** The port an httpGet, tcpSocket or grpc probe connects to; undefined for exec probes. */
function probePort(probe: UnknownRecord | undefined): string | number | undefined {
  if (probe === undefined) return undefined;
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = recordAt(probe, handler)?.['port'];
    if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
    if (typeof port === 'string' || typeof port === 'number') return port;
  }
  return undefined;
}
