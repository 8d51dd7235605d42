import type { Ingress } from 'kubernetes-types/networking/v1';
import type { KubeObjects } from '../kube-objects';
import { CLUSTER_ISSUER, ingressClassName } from '../platform-names';
import { type AppContext, HTTP_PORT_NAME } from './app-context';

/** Annotation cert-manager's ingress-shim reads to issue the TLS certificate. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/**
 * https://<app>.<domain>/ through the environment's ingress controller. TLS only: cert-manager
 * issues <app>-tls from the platform's ClusterIssuer (Let's Encrypt staging outside prod).
 */
export function addAppIngress(objects: KubeObjects, context: AppContext, serviceName: string): void {
  const { app, environment, labels } = context;
  const host = `${app.name}.${environment.domain}`;
  objects.add<Ingress>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: app.name, labels: { ...labels }, annotations: { [CLUSTER_ISSUER_ANNOTATION]: CLUSTER_ISSUER } },
    spec: {
      ingressClassName: ingressClassName(environment.platform.ingress.controller),
      tls: [{ hosts: [host], secretName: `${app.name}-tls` }],
      rules: [
        {
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: serviceName, port: { name: HTTP_PORT_NAME } } } }] },
        },
      ],
    },
  });
}
