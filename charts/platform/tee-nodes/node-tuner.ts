import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { TeeConfig } from '../../../src/config/platform/tee';
import { confidentialPlacement } from '../../lib/app/confidential';
import { containerResources } from '../../lib/container-resources';
import { appLabels, selectorLabels } from '../../lib/labels';
import { exemptionAnnotationKey } from '../../../src/check/exemptions';

/** Why the init container is privileged (rendered as linter exemptions on the DaemonSet). */
export const PRIVILEGE_REASON = 'init container apply-sysctls writes host-wide kernel parameters (/proc/sys is read-only unless privileged); the long-running container is restricted';

export interface NodeTunerProps {
  readonly tee: TeeConfig;
  readonly namespace: string;
  /** PriorityClass of the tuner pods. */
  readonly priorityClassName: string;
  /**
   * DaemonSet name.
   * @default 'tee-node-tuner'
   */
  readonly name?: string;
}

/**
 * Applies the overlay's kernel parameters on every TEE node, and only there.
 *
 * Privilege is confined to one init container: writing host-wide sysctls (vm.*, kernel.*) needs
 * a writable /proc/sys, which only a privileged container gets. It runs once per pod start (node
 * boot, rollout), as an argument vector without a shell. The long-running container only keeps
 * the pod alive so the DaemonSet reports the node as tuned; it runs fully restricted.
 */
export class NodeTuner extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: NodeTunerProps) {
    super(scope, id);
    this.name = props.name ?? 'tee-node-tuner';
    const { tee } = props;
    const image = `${tee.tuner.image.repository}@${tee.tuner.image.digest}`;
    const placement = confidentialPlacement(tee);
    const sysctls = Object.entries(tee.tuner.sysctls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${value}`);
    const { requests, limits } = containerResources({ cpu: '10m', memory: '16Mi' });
    const resources: k8s.ResourceRequirements = {
      requests: { cpu: k8s.Quantity.fromString(requests.cpu), memory: k8s.Quantity.fromString(requests.memory) },
      limits: { memory: k8s.Quantity.fromString(limits.memory) },
    };
    const labels = appLabels(this.name, 'platform');

    new k8s.KubeDaemonSet(this, 'resource', {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels,
        // The exemption, and why, where linters and reviewers of dist/ look for it.
        annotations: {
          [`ignore-check.kube-linter.io/privileged-container`]: PRIVILEGE_REASON,
          [`ignore-check.kube-linter.io/run-as-non-root`]: PRIVILEGE_REASON,
          [exemptionAnnotationKey('container-probes')]: 'the hold container only keeps the pod alive after the init container tuned the node: it serves nothing and has nothing to probe',
        },
      },
      spec: {
        selector: { matchLabels: selectorLabels(this.name) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels },
          spec: {
            // Confined to the TEE nodes: the same node labels and the one toleration a
            // confidential app gets (and nothing broader, such as `operator: Exists`).
            nodeSelector: { ...placement.nodeSelector },
            tolerations: [...placement.tolerations],
            priorityClassName: props.priorityClassName,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            initContainers: [
              {
                name: 'apply-sysctls',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['sysctl', '-w', ...sysctls],
                // PRIVILEGED, deliberately and only here: host-wide sysctls are not namespaced,
                // and /proc/sys is read-only in unprivileged containers. No shell, fixed argv
                // from the validated overlay, read-only root filesystem, runs to completion.
                securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false, readOnlyRootFilesystem: true },
                resources,
              },
            ],
            containers: [
              {
                name: 'hold',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['sleep', '2147483647'],
                securityContext: {
                  privileged: false,
                  allowPrivilegeEscalation: false,
                  runAsNonRoot: true,
                  runAsUser: 65534,
                  runAsGroup: 65534,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                resources,
              },
            ],
          },
        },
      },
    });

    // The tuner needs no network at all: no traffic in or out of its pods.
    new k8s.KubeNetworkPolicy(this, 'isolation', {
      metadata: { name: `${this.name}-isolation`, namespace: props.namespace, labels },
      spec: { podSelector: { matchLabels: selectorLabels(this.name) }, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}
