import { chartFacts, estimatedCrd, MONITORING_KINDS, tagPinnedImage, upstreamCrd, type ChartFacts } from '../../lib/chart-facts';
import type { VeleroValues } from './velero-values';
import { VELERO_METRICS_PORT } from './backup-network';

/** Velero 1.18 kinds of the chart's crds/ folder without a pinned copy: small controller-gen outputs. */
const OTHER_KINDS = ['BackupRepository', 'DataDownload', 'DataUpload', 'DeleteBackupRequest', 'DownloadRequest', 'PodVolumeBackup', 'PodVolumeRestore', 'ServerStatusRequest'];

/**
 * What velero 12.1.0 renders for these values (charts/velero: crds/ always; the ServiceMonitor and
 * the node agent's PodMonitor behind metrics.*, on port http-monitoring 8085; the node-agent
 * DaemonSet behind deployNodeAgent, root with hostPath /var/lib/kubelet/pods; the server image
 * and the plugin init containers as given).
 */
export function veleroFacts(values: VeleroValues, namespace: string): ChartFacts {
  const image = 'docker.io/velero/velero:v1.18.1';
  const { metrics } = values;
  const podMonitor = metrics.enabled && metrics.nodeAgentPodMonitor.enabled && values.deployNodeAgent;
  const serviceMonitor = metrics.enabled && metrics.serviceMonitor.enabled;
  return chartFacts({
    chartVersion: '12.1.0',
    declaredIn: 'charts/platform/backup/velero-facts.ts',
    crds: [
      upstreamCrd('velero.io', 'Backup', 20621, 'velero/velero.io_backups.yaml'),
      upstreamCrd('velero.io', 'BackupStorageLocation', 6421, 'velero/velero.io_backupstoragelocations.yaml'),
      upstreamCrd('velero.io', 'Restore', 16920, 'velero/velero.io_restores.yaml'),
      upstreamCrd('velero.io', 'Schedule', 18172, 'velero/velero.io_schedules.yaml'),
      upstreamCrd('velero.io', 'VolumeSnapshotLocation', 2799, 'velero/velero.io_volumesnapshotlocations.yaml'),
      ...OTHER_KINDS.map((kind) => estimatedCrd('velero.io', kind, 8000, 'a Velero request/status kind, of the order of VolumeSnapshotLocation (2,799) to Restore (16,920)')),
    ],
    customResources: [...(serviceMonitor ? [MONITORING_KINDS.serviceMonitor] : []), ...(podMonitor ? [MONITORING_KINDS.podMonitor] : [])],
    webhooks: [],
    scrapes: serviceMonitor || podMonitor ? [{ namespace, port: VELERO_METRICS_PORT }] : [],
    pods: values.deployNodeAgent ? [{ workload: 'DaemonSet/node-agent', namespace, level: 'privileged', reason: 'hostPath mount of /var/lib/kubelet/pods (the pod volumes it backs up), as root' }] : [],
    images: [image, ...values.initContainers.map((c) => c.image)],
    exemptions: [tagPinnedImage(image, 'the chart renders image.repository:image.tag and has an image.digest value; no digest of velero v1.18.1 could be verified without registry access')],
  });
}
