import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Dashboard } from './grafana-dashboard-model';

/** Label (and value) Grafana's dashboard sidecar watches, as configured in kube-prometheus-stack. */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;

export interface GrafanaDashboardProps {
  readonly dashboard: Dashboard;
  /** Namespace of the ConfigMap (the sidecar searches every namespace; keep it next to Grafana). */
  readonly namespace: string;
}

/**
 * A dashboard provisioned by Grafana's sidecar: a labelled ConfigMap holding the dashboard JSON.
 * The JSON is serialized from the typed model with sorted-as-declared keys, so output is stable.
 */
export class GrafanaDashboard extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const { dashboard } = props;
    new k8s.KubeConfigMap(this, 'resource', {
      metadata: {
        name: `grafana-dashboard-${dashboard.uid}`,
        namespace: props.namespace,
        labels: { [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value },
      },
      data: { [`${dashboard.uid}.json`]: `${JSON.stringify(dashboard, null, 2)}\n` },
    });
  }
}
