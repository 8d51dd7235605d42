import type { Container, Probe } from 'kubernetes-types/core/v1';
import { dumpVolumeMount } from './backup-hooks';
import { type AppContext, hasSeparateMetricsPort, HTTP_PORT_NAME, METRICS_PORT_NAME } from './app-context';
import { restrictedContainerSecurityContext } from './restricted-security-context';

export const TMP_VOLUME = 'tmp';

/**
 * The app's one container, with everything stated explicitly (no library defaults): the image
 * by digest, IfNotPresent (a digest never changes, so re-pulling buys nothing), requests and a
 * memory limit, probes on the declared HTTP port, the restricted security context.
 */
export function appContainer(context: AppContext, configMapName: string | undefined, secretName: string | undefined): Container {
  const { app, image } = context;
  return {
    name: app.name,
    image: `${image.repository}@${image.digest}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [
      { name: HTTP_PORT_NAME, containerPort: app.port, protocol: 'TCP' },
      ...(hasSeparateMetricsPort(app) ? [{ name: METRICS_PORT_NAME, containerPort: app.metricsPort!, protocol: 'TCP' }] : []),
    ],
    ...(configMapName ? { envFrom: [{ configMapRef: { name: configMapName } }] } : {}),
    ...(secretName ? { env: (app.secrets ?? []).map((s) => ({ name: s.env, valueFrom: { secretKeyRef: { name: secretName, key: s.env } } })) } : {}),
    resources: {
      requests: { cpu: app.resources.cpu, memory: app.resources.memory },
      // No CPU limit: throttling hurts latency and CPU is reclaimable; memory is not.
      limits: { memory: app.resources.memory },
    },
    // Startup gives a slow start up to 60s before liveness may restart the container.
    startupProbe: httpProbe(app.healthPath, { periodSeconds: 2, failureThreshold: 30 }),
    // Liveness is lenient (a restart is drastic); readiness reacts fast and only stops traffic.
    livenessProbe: httpProbe(app.healthPath, { periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 2 }),
    readinessProbe: httpProbe(app.readinessPath ?? app.healthPath, { periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 2 }),
    securityContext: restrictedContainerSecurityContext,
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }, ...(app.database ? [dumpVolumeMount] : [])],
  };
}

function httpProbe(path: string, timing: { periodSeconds: number; failureThreshold: number; timeoutSeconds?: number }): Probe {
  return {
    httpGet: { path, port: HTTP_PORT_NAME, scheme: 'HTTP' },
    periodSeconds: timing.periodSeconds,
    failureThreshold: timing.failureThreshold,
    timeoutSeconds: timing.timeoutSeconds ?? 1,
  };
}
