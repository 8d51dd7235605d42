/**
 * What an application team declares about its app: a single small object in charts/apps/<app>.ts.
 * Per-environment values (replicas, the image digest) live in the overlays, not here.
 */
export interface AppDefinition {
  /** App name: its namespace, Application, dist folder, Service and host name. */
  readonly name: string;
  /** Owning team; its groups come from the overlays. */
  readonly team: string;
  /** Container port serving HTTP (also the Service and probe port). */
  readonly port: number;
  /** HTTP path answering 200 when the app is ready and alive. */
  readonly healthPath: string;
  /** Per-pod requests; the memory limit equals the memory request (no overcommit of memory). */
  readonly resources: {
    readonly cpu: string;
    readonly memory: string;
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates and freezes an app definition; the message names the field, value and expectation. */
export function defineApp(definition: AppDefinition): AppDefinition {
  const fail = (field: string, got: unknown, expected: string): never => {
    throw new Error(`app '${definition.name}': ${field} must be ${expected}, got ${JSON.stringify(got)}`);
  };
  if (!DNS_LABEL.test(definition.name) || definition.name.length > 40) fail('name', definition.name, 'a DNS label of at most 40 characters');
  if (!DNS_LABEL.test(definition.team)) fail('team', definition.team, 'a DNS label');
  if (!Number.isInteger(definition.port) || definition.port < 1024 || definition.port > 65535) fail('port', definition.port, 'an unprivileged port between 1024 and 65535');
  if (!definition.healthPath.startsWith('/')) fail('healthPath', definition.healthPath, 'an absolute HTTP path');
  if (!/^\d+m?$/.test(definition.resources.cpu)) fail('resources.cpu', definition.resources.cpu, 'a CPU quantity such as 250m');
  if (!/^\d+(Mi|Gi)$/.test(definition.resources.memory)) fail('resources.memory', definition.resources.memory, 'a memory quantity such as 256Mi');
  return Object.freeze({ ...definition, resources: Object.freeze({ ...definition.resources }) });
}
