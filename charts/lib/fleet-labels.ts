import type { EnvironmentConfig } from '../../src/config/environment-config';

/**
 * Which cluster and environment a metric, an alert or a log line comes from, once it leaves the
 * cluster: Prometheus' external labels (remote write, Alertmanager) and the log shipper's. The
 * same names and values on all three, so one Grafana over the fleet's stores can join them.
 */
export interface FleetLabels {
  /** The cluster's name, unique across the repository (EnvironmentConfig.cluster.name). */
  readonly cluster: string;
  readonly environment: string;
}

export function fleetLabels(environment: EnvironmentConfig): FleetLabels {
  return { cluster: environment.cluster.name, environment: environment.name };
}
