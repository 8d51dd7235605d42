import type { BackupConfig } from '../../../src/config/platform/backup';
import { containerResources, type ContainerResources } from '../../lib/container-resources';

/** The vmware-tanzu velero 12.1.0 values this project sets (keys from its values.yaml). */
export interface VeleroValues {
  /** Object-store plugin(s) copied into the shared plugins volume before Velero starts. */
  readonly initContainers: readonly PluginInitContainer[];
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly containerSecurityContext: RestrictedContainerSecurityContext;
  readonly resources: ContainerResources;
  readonly priorityClassName: string;
  /** Argo CD applies the chart's crds/ on every sync; the chart's kubectl upgrade Job is redundant. */
  readonly upgradeCRDs: false;
  readonly configuration: {
    /** Empty: this project renders the BackupStorageLocation itself (typed, CRD-validated). */
    readonly backupStorageLocation: readonly never[];
    /** Empty: volumes are snapshotted through CSI, not a provider VolumeSnapshotter. */
    readonly volumeSnapshotLocation: readonly never[];
    readonly features: 'EnableCSI';
    readonly uploaderType: 'kopia';
  };
  /** No chart-managed Secret: S3 keys come as environment variables from the ExternalSecret's Secret. */
  readonly credentials: { readonly useSecret: false; readonly extraSecretRef: string };
  readonly backupsEnabled: false;
  readonly snapshotsEnabled: false;
  /** The node agent backs up opted-in pod volumes (database dumps) and moves CSI snapshot data. */
  readonly deployNodeAgent: true;
  readonly nodeAgent: { readonly resources: ContainerResources; readonly priorityClassName: string; readonly tolerations: ReadonlyArray<{ readonly operator: 'Exists' }> };
  readonly metrics: {
    readonly enabled: true;
    readonly serviceMonitor: { readonly enabled: true };
    readonly nodeAgentPodMonitor: { readonly enabled: true };
  };
}

interface RestrictedContainerSecurityContext {
  readonly allowPrivilegeEscalation: false;
  readonly privileged: false;
  readonly readOnlyRootFilesystem: true;
  readonly capabilities: { readonly drop: readonly ['ALL'] };
}

interface PluginInitContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: 'IfNotPresent';
  readonly volumeMounts: ReadonlyArray<{ readonly mountPath: string; readonly name: 'plugins' }>;
  readonly securityContext: RestrictedContainerSecurityContext;
}

export interface VeleroValuesProps {
  readonly config: BackupConfig;
  /** Secret holding AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (written by an ExternalSecret). */
  readonly credentialsSecret: string;
  /** PriorityClass of the server and the node agent. */
  readonly priorityClassName: string;
}

const RESTRICTED: RestrictedContainerSecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/** The distroless velero image's non-root user. */
const VELERO_UID = 65532;

export function veleroValues(props: VeleroValuesProps): VeleroValues {
  const { config } = props;
  return {
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: `${config.awsPluginImage.repository}@${config.awsPluginImage.digest}`,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        securityContext: RESTRICTED,
      },
    ],
    // The server needs no host access: it runs restricted even though its namespace cannot be.
    podSecurityContext: { runAsNonRoot: true, runAsUser: VELERO_UID, runAsGroup: VELERO_UID, fsGroup: VELERO_UID, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: RESTRICTED,
    resources: containerResources(config.resources),
    priorityClassName: props.priorityClassName,
    upgradeCRDs: false,
    configuration: { backupStorageLocation: [], volumeSnapshotLocation: [], features: 'EnableCSI', uploaderType: 'kopia' },
    credentials: { useSecret: false, extraSecretRef: props.credentialsSecret },
    backupsEnabled: false,
    snapshotsEnabled: false,
    deployNodeAgent: true,
    // A node agent must run wherever a pod with a backed-up volume runs, whatever the node's taints.
    nodeAgent: { resources: containerResources(config.nodeAgentResources), priorityClassName: props.priorityClassName, tolerations: [{ operator: 'Exists' }] },
    metrics: { enabled: true, serviceMonitor: { enabled: true }, nodeAgentPodMonitor: { enabled: true } },
  };
}
