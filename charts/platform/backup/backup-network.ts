import type { BackupConfig } from '../../../src/config/platform/backup';
import { apiServerEgress, externalEgress, metricsIngress, tcp, urlPort } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** Metrics port of the Velero server and node agent (:8085). */
export const VELERO_METRICS_PORT = 8085;

/** Velero's flows: the API (backups read every object), the bucket(s), scrapes. */
export function backupNetworkAllows(config: BackupConfig, apiServerCidrs: readonly string[]): NetworkAllow[] {
  const endpoints = [config.storage.endpoint, ...(config.replica ? [config.replica.storage.endpoint] : [])];
  const ports = [...new Set(endpoints.map(urlPort))].sort((a, b) => a - b);
  const why = config.replica
    ? `backups in the bucket at ${config.storage.endpoint} and the replica bucket at ${config.replica.storage.endpoint} (host names, so any address on ${ports.join(', ')})`
    : `backups in the bucket at ${config.storage.endpoint} (a host name, so any address on ${ports.join(', ')})`;
  return [
    apiServerEgress(apiServerCidrs),
    metricsIngress([VELERO_METRICS_PORT]),
    // Server and node agent (data mover) both write to the bucket(s).
    externalEgress('object-storage', tcp(...ports), why),
  ];
}
