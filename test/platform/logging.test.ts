import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { applicationOf, componentObject, helmSourceOf } from '../support/platform';

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
const expected: Record<string, { mode: string; retention: string; running: Record<string, number>; caches: boolean }> = {
  dev: { mode: 'Monolithic', retention: '72h', running: { singleBinary: 1 }, caches: false },
  staging: { mode: 'Monolithic', retention: '336h', running: { singleBinary: 1 }, caches: false },
  prod: { mode: 'Distributed', retention: '720h', running: { ingester: 3, distributor: 3, querier: 3, queryFrontend: 2, queryScheduler: 2, indexGateway: 2, compactor: 1 }, caches: true },
};
const ALL_COMPONENTS = ['singleBinary', 'backend', 'read', 'write', 'ingester', 'distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'compactor'];

describe.each(environments.map((env) => [env.environment, env] as const))('logging in %s', (name, env) => {
  const loki = helmSourceOf(applicationOf(env, 'logging'));
  const lokiValues = loki.helm.valuesObject as unknown as LokiValues;
  const alloy = helmSourceOf(applicationOf(env, 'log-shipper'));
  const alloyValues = alloy.helm.valuesObject as unknown as AlloyValues;
  const want = expected[name]!;

  it('installs Loki 18.11.0 from the grafana-community chart repository', () => {
    expect(loki).toMatchObject({ chart: 'loki', targetRevision: '18.11.0', repoURL: 'https://grafana-community.github.io/helm-charts' });
    expect(loki.helm.releaseName).toBe('loki');
  });

  it('runs the overlay mode, with exactly that mode\'s components scaled up', () => {
    expect(lokiValues.deploymentMode).toBe(want.mode);
    const running = Object.fromEntries(ALL_COMPONENTS.filter((c) => (lokiValues[c]?.replicas ?? 0) > 0).map((c) => [c, lokiValues[c]!.replicas]));
    expect(running).toEqual(want.running);
    expect(lokiValues.chunksCache.enabled).toBe(want.caches);
  });

  it('keeps logs for the overlay retention, enforced by the compactor', () => {
    expect(lokiValues.loki.limits_config.retention_period).toBe(want.retention);
    expect(lokiValues.loki.compactor.retention_enabled).toBe(true);
  });

  it('stores chunks in the overlay bucket, with credentials only as environment variables from an ExternalSecret', () => {
    const s3 = lokiValues.loki.storage.s3;
    expect(s3).toEqual({ endpoint: 'https://objects.example.com', region: 'eu-central-1', s3ForcePathStyle: true });
    expect(lokiValues.loki.storage.bucketNames.chunks).toBe(`example-loki-${name}`);
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
