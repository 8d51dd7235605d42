import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { AppDefinition } from './app-definition';
import { DistChart } from './dist-chart';
import { appLabels, selectorLabels } from './labels';
import { CLUSTER_ISSUER, ingressClassName } from './platform-names';

export interface ApplicationChartProps {
  readonly app: AppDefinition;
  readonly environment: EnvironmentConfig;
}

/**
 * One application's workload objects in its own namespace: Deployment, Service and Ingress.
 * Secure by default (restricted Pod Security); the image is always pinned by digest.
 */
export class ApplicationChart extends DistChart {
  constructor(scope: Construct, props: ApplicationChartProps) {
    const { app, environment } = props;
    super(scope, app.name, { layer: 'apps', namespace: app.name, syncWave: 10 });

    const settings = environment.apps[app.name];
    const image = environment.images[app.name];
    if (!settings || !image) {
      // The overlay loader cross-checks apps and images; reaching this is a programming error.
      throw new Error(`app '${app.name}' has no settings or image in environment '${environment.name}'`);
    }
    const labels = appLabels(app.name, app.team);

    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name: app.name, labels },
      automountToken: false,
    });

    const deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: app.name, labels },
      replicas: settings.replicas,
      // Explicit selector labels: cdk8s-plus's default selector hashes the construct path.
      select: false,
      podMetadata: { labels },
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: {
        ensureNonRoot: true,
        user: 10001,
        group: 10001,
        fsGroup: 10001,
      },
      containers: [
        {
          name: app.name,
          image: `${image.repository}@${image.digest}`,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: 'http', number: app.port }],
          securityContext: {
            ensureNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            user: 10001,
            group: 10001,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(parseCpuMillis(app.resources.cpu)) },
            memory: { request: parseMemory(app.resources.memory), limit: parseMemory(app.resources.memory) },
          },
          readiness: kplus.Probe.fromHttpGet(app.healthPath, { port: app.port, periodSeconds: Duration.seconds(10) }),
          liveness: kplus.Probe.fromHttpGet(app.healthPath, { port: app.port, periodSeconds: Duration.seconds(20) }),
          startup: kplus.Probe.fromHttpGet(app.healthPath, { port: app.port, failureThreshold: 30, periodSeconds: Duration.seconds(2) }),
        },
      ],
    });
    deployment.select(kplus.LabelSelector.of({ labels: selectorLabels(app.name) }));
    // cdk8s-plus always stamps a construct-path hash label on pods; it is noise in every diff
    // and would restart pods when the construct tree is refactored.
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));

    const service = new kplus.Service(this, 'service', {
      metadata: { name: app.name, labels },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: 80, targetPort: app.port }],
    });
    for (const [key, value] of Object.entries(selectorLabels(app.name))) service.selectLabel(key, value);
    // cdk8s-plus renders an empty externalIPs list; drop it so the Service says only what we mean.
    ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));

    const host = `${app.name}.${environment.domain}`;
    new kplus.Ingress(this, 'ingress', {
      metadata: { name: app.name, labels, annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER } },
      className: ingressClassName(environment.platform.ingress.controller),
      rules: [{ host, path: '/', pathType: kplus.HttpIngressPathType.PREFIX, backend: kplus.IngressBackend.fromService(service, { port: 80 }) }],
      tls: [{ hosts: [host], secret: kplus.Secret.fromSecretName(this, 'tls', `${app.name}-tls`) }],
    });
  }
}

function parseCpuMillis(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
}

function parseMemory(memory: string): Size {
  // defineApp() guarantees the Mi|Gi suffix.
  return memory.endsWith('Gi') ? Size.gibibytes(Number(memory.slice(0, -2))) : Size.mebibytes(Number(memory.slice(0, -2)));
}
