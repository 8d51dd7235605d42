import { deepFreeze } from '../../src/config/environment-config';
import type { DatabaseBackup } from './app/backup-hooks';
import { AppDefinitionError, definitionProblems } from './app/definition-problems';

/**
 * What an application team declares about its app: a single small object in charts/apps/<app>.ts.
 * Per-environment values (replicas or autoscaling bounds, egress addresses, the image digest) live
 * in the overlays, not here. Everything optional defaults to the secure, minimal choice.
 */
export interface AppDefinition {
  /** App name: its namespace, Application, dist folder, Service and host name. */
  readonly name: string;
  /** Owning team; its groups come from the overlays. */
  readonly team: string;
  /** Container port serving HTTP (also the Service and probe port). */
  readonly port: number;
  /** HTTP path answering 200 while the process is alive (liveness and startup probes). */
  readonly healthPath: string;
  /**
   * HTTP path answering 200 when the app can take traffic (readiness probe). A separate path lets
   * an app shed load without being restarted.
   * @default - healthPath
   */
  readonly readinessPath?: string;
  /** Per-pod requests; the memory limit equals the memory request (no overcommit of memory). */
  readonly resources: {
    readonly cpu: string;
    readonly memory: string;
  };
  /**
   * Port serving Prometheus metrics; gets a ServiceMonitor and a NetworkPolicy allow for the
   * monitoring namespace. May equal `port`.
   * @default - no metrics are scraped
   */
  readonly metricsPort?: number;
  /**
   * HTTP path of the metrics endpoint.
   * @default '/metrics'
   */
  readonly metricsPath?: string;
  /**
   * Reachable from outside the cluster at https://<name>.<domain>/ through the ingress tier, with
   * a certificate from the platform's ClusterIssuer.
   * @default false
   */
  readonly expose?: boolean;
  /**
   * Other apps (by name) that may call this app's port. Each gets an ingress allow here and an
   * egress allow in its own namespace; everything else stays denied.
   * @default - no other app may call it
   */
  readonly callers?: readonly string[];
  /**
   * Average CPU utilization (percent of the request) the HorizontalPodAutoscaler aims for, in
   * environments whose overlay sets `autoscaling`.
   * @default 70
   */
  readonly targetCpuUtilization?: number;
  /**
   * Non-secret environment variables, rendered into a ConfigMap. Names that look like secrets
   * (PASSWORD, TOKEN, ...) are rejected: put those in `secrets`.
   * @default - none
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * Environment variables whose values come from Vault through an ExternalSecret and the app's
   * own SecretStore. Git holds only the reference.
   * @default - none
   */
  readonly secrets?: readonly AppSecret[];
  /**
   * Run in a trusted execution environment: the TEE runtime class and node pool from
   * overlays/<env>/platform.yaml `tee` (every environment must define it).
   * @default false
   */
  readonly confidential?: boolean;
  /**
   * The app holds data that Velero must dump before each backup (pre-backup hook and a dump volume).
   * @default - no backup hooks
   */
  readonly database?: DatabaseBackup;
  /**
   * Mount the ServiceAccount token, for apps that call the Kubernetes API. The reason is rendered
   * next to the setting so reviewers see why.
   * @default - no token is mounted
   */
  readonly serviceAccountToken?: { readonly reason: string };
}

/** One environment variable from the secret store. */
export interface AppSecret {
  /** Environment variable name (also the key in the generated Secret). */
  readonly env: string;
  /**
   * Path of the secret in Vault below apps/<name>/ (the only part the app's role may read),
   * without the environment: the overlay's prefix goes in front, e.g. apps/api/database.
   */
  readonly remoteKey: string;
  /** Property inside that secret, e.g. url. */
  readonly property: string;
}

/**
 * Validates and freezes an app definition; throws AppDefinitionError naming each field, value
 * and expectation (the app catalog adds the file and line). The catalog validates whatever a
 * module exports again, so an object that skips defineApp() gets the same checks.
 */
export function defineApp(definition: AppDefinition): AppDefinition {
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw new AppDefinitionError(String((definition as { name?: unknown } | undefined)?.name ?? '(unnamed)'), problems);
  return deepFreeze({ ...definition });
}
