import type { Service } from 'kubernetes-types/core/v1';
import type { KubeObjects } from '../kube-objects';
import { type AppContext, hasSeparateMetricsPort, HTTP_PORT_NAME, METRICS_PORT_NAME, SERVICE_HTTP_PORT } from './app-context';

/** ClusterIP Service for callers, the Ingress and the ServiceMonitor; targets named pod ports. Returns its name. */
export function addAppService(objects: KubeObjects, context: AppContext): string {
  const { app, labels, selector } = context;
  objects.add<Service>({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app.name, labels: { ...labels } },
    spec: {
      type: 'ClusterIP',
      selector: { ...selector },
      ports: [
        { name: HTTP_PORT_NAME, port: SERVICE_HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' },
        ...(hasSeparateMetricsPort(app) ? [{ name: METRICS_PORT_NAME, port: app.metricsPort!, targetPort: METRICS_PORT_NAME, protocol: 'TCP' }] : []),
      ],
    },
  });
  return app.name;
}
