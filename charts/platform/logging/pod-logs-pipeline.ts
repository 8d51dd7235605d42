import type { FleetLabels } from '../../lib/fleet-labels';
import { AlloyExpression as E, type AlloyBlock } from './alloy-config';

export interface PodLogsPipelineProps {
  /** Loki push endpoint. */
  readonly pushUrl: string;
  /**
   * Labels on every log line sent (loki.write external_labels): the cluster and environment,
   * the same names and values as Prometheus' external labels, so one Grafana joins both.
   */
  readonly externalLabels: FleetLabels;
}

/**
 * Alloy's log pipeline on every node: discover the pods scheduled on this node, tail their log
 * files under /var/log/pods (hostPath, read-only), parse the CRI format, and push to Loki with
 * namespace/pod/container/node/app labels, plus the cluster's external labels. Reading files (not the API server's log endpoint)
 * keeps log volume off the control plane.
 */
export function podLogsPipeline(props: PodLogsPipelineProps): AlloyBlock[] {
  const relabel = (source: string, target: string): AlloyBlock => ({ name: 'rule', attributes: { source_labels: [source], target_label: target } });
  return [
    {
      name: 'discovery.kubernetes',
      label: 'pods',
      attributes: { role: 'pod' },
      // The chart sets HOSTNAME to spec.nodeName: only this node's pods.
      blocks: [{ name: 'selectors', attributes: { role: 'pod', field: E.concat('spec.nodeName=', E.call('sys.env', 'HOSTNAME')) } }],
    },
    {
      name: 'discovery.relabel',
      label: 'pod_logs',
      attributes: { targets: E.ref('discovery.kubernetes.pods.targets') },
      blocks: [
        relabel('__meta_kubernetes_namespace', 'namespace'),
        relabel('__meta_kubernetes_pod_name', 'pod'),
        relabel('__meta_kubernetes_pod_container_name', 'container'),
        relabel('__meta_kubernetes_pod_node_name', 'node'),
        relabel('__meta_kubernetes_pod_label_app_kubernetes_io_name', 'app'),
        {
          name: 'rule',
          attributes: {
            source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'],
            separator: '/',
            target_label: '__path__',
            replacement: '/var/log/pods/*$1/*.log',
          },
        },
      ],
    },
    { name: 'local.file_match', label: 'pod_logs', attributes: { path_targets: E.ref('discovery.relabel.pod_logs.output') } },
    {
      name: 'loki.source.file',
      label: 'pod_logs',
      attributes: { targets: E.ref('local.file_match.pod_logs.targets'), forward_to: [E.ref('loki.process.pod_logs.receiver')] },
    },
    {
      name: 'loki.process',
      label: 'pod_logs',
      attributes: { forward_to: [E.ref('loki.write.default.receiver')] },
      blocks: [{ name: 'stage.cri' }],
    },
    { name: 'loki.write', label: 'default', attributes: { external_labels: { ...props.externalLabels } }, blocks: [{ name: 'endpoint', attributes: { url: props.pushUrl } }] },
  ];
}
