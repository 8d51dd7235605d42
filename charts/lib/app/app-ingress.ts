import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CLUSTER_ISSUER, ingressClassName } from '../platform-names';
import { type AppContext, HTTP_PORT_NAME } from './app-context';

/** Annotation cert-manager's ingress-shim reads to issue the TLS certificate. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/**
 * https://<app>.<domain>/ through the environment's ingress controller. TLS only: cert-manager
 * issues <app>-tls from the platform's ClusterIssuer (Let's Encrypt staging outside prod).
 */
export class AppIngress extends Construct {
  readonly host: string;

  constructor(scope: Construct, id: string, context: AppContext, serviceName: string) {
    super(scope, id);
    const { app, environment, labels } = context;
    this.host = `${app.name}.${environment.domain}`;
    new k8s.KubeIngress(this, 'resource', {
      metadata: { name: app.name, labels: { ...labels }, annotations: { [CLUSTER_ISSUER_ANNOTATION]: CLUSTER_ISSUER } },
      spec: {
        ingressClassName: ingressClassName(environment.platform.ingress.controller),
        tls: [{ hosts: [this.host], secretName: `${app.name}-tls` }],
        rules: [
          {
            host: this.host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: serviceName, port: { name: HTTP_PORT_NAME } } } }] },
          },
        ],
      },
    });
  }
}
