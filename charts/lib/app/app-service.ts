import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { type AppContext, hasSeparateMetricsPort, HTTP_PORT_NAME, METRICS_PORT_NAME, SERVICE_HTTP_PORT } from './app-context';

/** ClusterIP Service for callers, the Ingress and the ServiceMonitor; targets named pod ports. */
export class AppService extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, context: AppContext) {
    super(scope, id);
    const { app, labels, selector } = context;
    this.name = app.name;
    new k8s.KubeService(this, 'resource', {
      metadata: { name: app.name, labels: { ...labels } },
      spec: {
        type: 'ClusterIP',
        selector: { ...selector },
        ports: [
          { name: HTTP_PORT_NAME, port: SERVICE_HTTP_PORT, targetPort: k8s.IntOrString.fromString(HTTP_PORT_NAME), protocol: 'TCP' },
          ...(hasSeparateMetricsPort(app)
            ? [{ name: METRICS_PORT_NAME, port: app.metricsPort!, targetPort: k8s.IntOrString.fromString(METRICS_PORT_NAME), protocol: 'TCP' }]
            : []),
        ],
      },
    });
  }
}
