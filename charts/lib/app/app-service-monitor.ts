import { ServiceMonitor, ServiceMonitorSpecEndpointsScheme } from '../../../imports/prometheus-operator-servicemonitor-monitoring.coreos.com';
import type { KubeObjects } from '../kube-objects';
import { type AppContext, hasSeparateMetricsPort, HTTP_PORT_NAME, METRICS_PORT_NAME } from './app-context';

/**
 * Tells Prometheus (prometheus-operator, in the monitoring namespace) to scrape the app's
 * metrics port through its Service. The CRD comes from the monitoring component, which syncs in
 * an earlier wave; the app's Application skips the dry run for it on a fresh cluster.
 */
export function addAppServiceMonitor(objects: KubeObjects, context: AppContext): void {
  const { app, labels, selector } = context;
  objects.addGenerated(ServiceMonitor, {
    metadata: { name: app.name, labels: { ...labels } },
    spec: {
      selector: { matchLabels: { ...selector } },
      endpoints: [
        {
          port: hasSeparateMetricsPort(app) ? METRICS_PORT_NAME : HTTP_PORT_NAME,
          path: app.metricsPath ?? '/metrics',
          scheme: ServiceMonitorSpecEndpointsScheme.HTTP,
          interval: '30s',
        },
      ],
    },
  });
}
