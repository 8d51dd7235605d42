/** A namespace allowed to run below the `restricted` Pod Security level, and why. */
export interface PrivilegedNamespace {
  /** The weakest enforce level the namespace may use. */
  readonly level: 'baseline' | 'privileged';
  /** What in the namespace needs host access: reviewed together with every change to this list. */
  readonly why: string;
}

/**
 * The reviewed list of namespaces that may be labelled below `restricted` (rule
 * pod-security-privileged-namespaces). Adding a namespace here is a security decision: it needs
 * a reason here and the platform.example.com/pod-security-reason annotation on the Namespace.
 */
export const PRIVILEGED_NAMESPACES: ReadonlyMap<string, PrivilegedNamespace> = new Map<string, PrivilegedNamespace>([
  // node-exporter has its own namespace, so the rest of monitoring stays restricted.
  ['node-exporter', { level: 'privileged', why: 'prometheus-node-exporter (kube-prometheus-stack) needs hostNetwork, hostPID and a hostPath mount of /' }],
  ['log-shipper', { level: 'privileged', why: 'the Grafana Alloy DaemonSet reads pod log files through a read-only hostPath mount of /var/log' }],
  ['velero', { level: 'privileged', why: 'the Velero node-agent mounts hostPath /var/lib/kubelet/pods and may run privileged for file-system backups' }],
  ['stackrox', { level: 'privileged', why: 'the StackRox Collector DaemonSet runs privileged to observe processes and network traffic on every node' }],
  ['tee-nodes', { level: 'privileged', why: 'the TEE node tuner writes host sysctls from a privileged init container; the node-feature-discovery worker mounts host /sys, /proc and /boot' }],
  ['confidential-containers', { level: 'privileged', why: 'kata-deploy (chart confidential-containers) installs the Kata/CoCo runtime on the TEE nodes: privileged, hostPID, hostPath mounts of / and the containerd configuration' }],
]);
