import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import type { LoggingConfig } from '../../src/config/platform/logging';
import { applicationOf, componentObject, environmentConfig, helmSourceOf, productionEnvironment, renderVariant } from '../support/platform';

type LokiValues = Record<string, { replicas?: number }> & {
  deploymentMode: string;
  loki: {
    auth_enabled: boolean;
    limits_config: { retention_period: string };
    compactor: { retention_enabled: boolean };
    storage: { bucketNames: { chunks: string }; s3: { endpoint: string; region: string; s3ForcePathStyle: boolean } };
  };
  defaults: { extraEnvFrom: Array<{ secretRef: { name: string } }> };
  chunksCache: { enabled: boolean };
};
type AlloyValues = {
  alloy: { configMap: { content: string }; mounts: { varlog: boolean }; securityContext: { privileged: boolean; allowPrivilegeEscalation: boolean; capabilities: { drop: string[] } } };
  controller: { type: string };
};
type ExternalSecretObject = KubeObject & { spec: { target: { name: string }; data: Array<{ secretKey: string; remoteRef: { key: string } }> } };

const environments = await renderRepository();

/**
 * The Loki components an overlay's mode runs, at how many replicas: Monolithic one binary,
 * SimpleScalable the read/write/backend targets, Distributed `replicas` for the read and write
 * path with at most 2 of each coordinator and one compactor.
 */
function runningComponents(loki: LoggingConfig['loki']): Record<string, number> {
  const r = loki.replicas;
  switch (loki.mode) {
    case 'Monolithic':
      return { singleBinary: r };
    case 'SimpleScalable':
      return { backend: r, read: r, write: r };
    case 'Distributed':
      return { ingester: r, distributor: r, querier: r, queryFrontend: Math.min(r, 2), queryScheduler: Math.min(r, 2), indexGateway: Math.min(r, 2), compactor: 1 };
  }
}
const ALL_COMPONENTS = ['singleBinary', 'backend', 'read', 'write', 'ingester', 'distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'compactor'];

describe.each(environments.map((env) => [env.environment, env] as const))('logging in %s', (name, env) => {
  const loki = helmSourceOf(applicationOf(env, 'logging'));
  const lokiValues = loki.helm.valuesObject as unknown as LokiValues;
  const alloy = helmSourceOf(applicationOf(env, 'log-shipper'));
  const alloyValues = alloy.helm.valuesObject as unknown as AlloyValues;
  const overlay = environmentConfig(name).platform.logging.loki;

  it('installs Loki 18.11.0 from the grafana-community chart repository', () => {
    expect(loki).toMatchObject({ chart: 'loki', targetRevision: '18.11.0', repoURL: 'https://grafana-community.github.io/helm-charts' });
    expect(loki.helm.releaseName).toBe('loki');
  });

  it('runs the overlay mode, with exactly that mode\'s components scaled up', () => {
    expect(lokiValues.deploymentMode).toBe(overlay.mode);
    const running = Object.fromEntries(ALL_COMPONENTS.filter((c) => (lokiValues[c]?.replicas ?? 0) > 0).map((c) => [c, lokiValues[c]!.replicas]));
    expect(running).toEqual(runningComponents(overlay));
    expect(lokiValues.chunksCache.enabled).toBe(overlay.cachesEnabled);
  });

  it('keeps logs for the overlay retention, enforced by the compactor', () => {
    expect(lokiValues.loki.limits_config.retention_period).toBe(`${overlay.retentionDays * 24}h`);
    expect(lokiValues.loki.compactor.retention_enabled).toBe(true);
  });

  it('stores chunks in the overlay bucket, with credentials only as environment variables from an ExternalSecret', () => {
    const s3 = lokiValues.loki.storage.s3;
    expect(s3).toEqual({ endpoint: overlay.storage.endpoint, region: overlay.storage.region, s3ForcePathStyle: overlay.storage.forcePathStyle });
    expect(lokiValues.loki.storage.bucketNames.chunks).toBe(overlay.storage.bucket);
    const [secretRef] = lokiValues.defaults.extraEnvFrom;
    const externalSecret = componentObject<ExternalSecretObject>(env, 'logging', 'ExternalSecret', secretRef!.secretRef.name);
    expect(externalSecret.spec.target.name).toBe(secretRef!.secretRef.name);
    // The AWS SDK's own variables: Loki's S3 client reads them when the config has no keys.
    expect(externalSecret.spec.data.map((d) => d.secretKey).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('ships logs with an Alloy DaemonSet that pushes to the same Loki gateway Grafana reads', () => {
    expect(alloy).toMatchObject({ chart: 'alloy', targetRevision: '1.11.1' });
    expect(alloyValues.controller.type).toBe('daemonset');
    expect(alloyValues.alloy.mounts.varlog).toBe(true);
    const content = alloyValues.alloy.configMap.content;
    expect(content).toContain('url = "http://loki-gateway.logging.svc.cluster.local/loki/api/v1/push"');
    expect(content).toContain('replacement = "/var/log/pods/*$1/*.log"');
    expect(content).toContain('stage.cri {}');
    const grafana = helmSourceOf(applicationOf(env, 'monitoring')).helm.valuesObject as { grafana: { additionalDataSources: Array<{ url: string }> } };
    expect(content).toContain(`url = "${grafana.grafana.additionalDataSources[0]!.url}/loki/api/v1/push"`);
  });

  it('gives Alloy host log access but no privilege: root without capabilities, in a privileged namespace with the reason', () => {
    expect(alloyValues.alloy.securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const namespace = componentObject(env, 'log-shipper', 'Namespace', 'log-shipper');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/hostPath mount of \/var\/log/);
    expect(componentObject(env, 'logging', 'Namespace', 'logging').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('logging variants', () => {
  // Fixed inputs with literal expectations: every mode stays covered whatever modes the overlays use.
  it.each([
    ['Monolithic', 1, { singleBinary: 1 }],
    ['SimpleScalable', 2, { backend: 2, read: 2, write: 2 }],
    ['Distributed', 3, { ingester: 3, distributor: 3, querier: 3, queryFrontend: 2, queryScheduler: 2, indexGateway: 2, compactor: 1 }],
  ] as const)('runs %s at %i replicas with exactly its components, keeping 30 days as 720h', (mode, replicas, running) => {
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.logging.loki = { ...platform.logging.loki, mode, replicas, retentionDays: 30 };
    });
    const values = helmSourceOf(applicationOf(env, 'logging')).helm.valuesObject as unknown as LokiValues;
    expect(values.deploymentMode).toBe(mode);
    expect(Object.fromEntries(ALL_COMPONENTS.filter((c) => (values[c]?.replicas ?? 0) > 0).map((c) => [c, values[c]!.replicas]))).toEqual(running);
    expect(values.loki.limits_config.retention_period).toBe('720h');
  });
});
