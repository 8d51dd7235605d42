import type { BackupConfig } from '../../../src/config/platform/backup';
import { apiServerEgress, externalEgress, metricsIngress, tcp, urlPort } from '../../lib/platform-network-allows';
import type { NetworkAllow } from '../../lib/platform-network-policy';

/** Metrics port of the Velero server and node agent (:8085). */
export const VELERO_METRICS_PORT = 8085;

/** Velero's flows: the API (backups read every object), the bucket, scrapes. */
export function backupNetworkAllows(config: BackupConfig, apiServerCidrs: readonly string[]): NetworkAllow[] {
  const storagePort = urlPort(config.storage.endpoint);
  return [
    apiServerEgress(apiServerCidrs),
    metricsIngress([VELERO_METRICS_PORT]),
    // Server and node agent (data mover) both write to the bucket.
    externalEgress('object-storage', tcp(storagePort), `backups in the bucket at ${config.storage.endpoint} (a host name, so any address on ${storagePort})`),
  ];
}
