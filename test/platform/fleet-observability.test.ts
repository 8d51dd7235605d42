import { describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { fixtureCatalog, fixtureConfig, renderFixtureVariant } from '../support/fixture-repository';
import { renderRepository } from '../support/repo';
import { applicationOf, componentObjects, environmentConfig, environmentKey, helmSourceOf, renderConfigVariant } from '../support/platform';

type SecretRef = { name: string; key: string };
type PrometheusSpec = {
  externalLabels: Record<string, string>;
  remoteWrite?: Array<{ name: string; url: string; basicAuth?: { username: SecretRef; password: SecretRef }; authorization?: { type: string; credentials: SecretRef } }>;
};
type ExternalSecretObject = KubeObject & { spec: { target: { name: string }; data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }> } };
type PolicyObject = KubeObject & { spec: { podSelector: { matchLabels?: Record<string, string> }; egress?: Array<{ to: Array<{ ipBlock?: { cidr: string } }>; ports: Array<{ port: number }> }> } };

const prometheusSpec = (env: RenderedEnvironment) => (helmSourceOf(applicationOf(env, 'monitoring')).helm.valuesObject as { prometheus: { prometheusSpec: PrometheusSpec } }).prometheus.prometheusSpec;
const alertRoute = (env: RenderedEnvironment) => (helmSourceOf(applicationOf(env, 'monitoring')).helm.valuesObject as { alertmanager: { config: { route: { group_by: string[] } } } }).alertmanager.config.route;
const alloyConfig = (env: RenderedEnvironment) => (helmSourceOf(applicationOf(env, 'log-shipper')).helm.valuesObject as { alloy: { configMap: { content: string } } }).alloy.configMap.content;
const monitoringObjects = <T extends KubeObject>(env: RenderedEnvironment, kind: string) => componentObjects<T>(env, 'monitoring').filter((o) => o.kind === kind);
const remoteWritePolicy = (env: RenderedEnvironment) => monitoringObjects<PolicyObject>(env, 'NetworkPolicy').find((p) => p.metadata.name === 'allow-remote-write');
const remoteWriteSecret = (env: RenderedEnvironment) => monitoringObjects<ExternalSecretObject>(env, 'ExternalSecret').find((s) => s.metadata.name === 'prometheus-remote-write');

/** A fixture environment rendered as a named cluster (the name the fleet knows it by). */
function asCluster(environment: string, cluster: string): RenderedEnvironment {
  const base = fixtureConfig(environment);
  const config: EnvironmentConfig = { ...base, cluster: { ...base.cluster, name: cluster } };
  return renderConfigVariant(config, [...fixtureCatalog.values()].map((entry) => entry.definition), () => undefined);
}

describe('fleet labels: metrics, alerts and logs name their cluster', () => {
  const cluster = asCluster('live', 'live-eu-2');

  it('puts the cluster (not the environment) and the environment on every series and alert Prometheus sends', () => {
    expect(prometheusSpec(cluster).externalLabels).toEqual({ cluster: 'live-eu-2', environment: 'live' });
  });

  it('groups alert notifications by cluster first, so one notification never mixes clusters', () => {
    expect(alertRoute(cluster).group_by).toEqual(['cluster', 'namespace', 'alertname']);
  });

  it('labels every shipped log line with the same cluster and environment', () => {
    const content = alloyConfig(cluster);
    expect(content).toMatch(/loki\.write "default" \{\n {2}external_labels = \{ cluster = "live-eu-2", environment = "live" \}\n/);
  });
});

describe.each((await renderRepository()).map((env) => [env.name, env] as const))('fleet observability in %s', (name, env) => {
  const config = environmentConfig(name);
  const hasStore = config.platform.monitoring.remoteWrite !== undefined;

  it('labels metrics and logs with the cluster of this environment', () => {
    expect(prometheusSpec(env).externalLabels).toEqual({ cluster: config.cluster.name, environment: config.name });
    expect(alloyConfig(env)).toContain(`external_labels = { cluster = "${config.cluster.name}", environment = "${config.name}" }`);
  });

  it(hasStore ? 'remote-writes to the central store with credentials from Vault below its environment prefix' : 'keeps its metrics in the cluster (no central store)', () => {
    const spec = prometheusSpec(env);
    if (!hasStore) {
      expect(spec.remoteWrite).toBeUndefined();
      expect(remoteWriteSecret(env)).toBeUndefined();
      return;
    }
    expect(spec.remoteWrite).toEqual([
      {
        name: 'fleet',
        url: 'https://metrics.example.com/api/v1/push',
        basicAuth: { username: { name: 'prometheus-remote-write', key: 'username' }, password: { name: 'prometheus-remote-write', key: 'password' } },
      },
    ]);
    const secret = remoteWriteSecret(env)!;
    expect(secret.metadata.namespace).toBe('monitoring');
    expect(secret.spec.target.name).toBe('prometheus-remote-write');
    expect(secret.spec.data.map((d) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual([
      ['username', environmentKey(name, 'platform/monitoring/remote-write'), 'username'],
      ['password', environmentKey(name, 'platform/monitoring/remote-write'), 'password'],
    ]);
  });

  it(hasStore ? 'lets only the Prometheus pods reach the store, on its port' : 'opens no egress for a store', () => {
    const policy = remoteWritePolicy(env);
    if (!hasStore) {
      expect(policy).toBeUndefined();
      return;
    }
    expect(policy!.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator' });
    expect(policy!.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });
});

describe('monitoring.remoteWrite variants', () => {
  const bearer = renderFixtureVariant('live', (p) => {
    p.monitoring.remoteWrite = { url: 'https://mimir.example.com:8443/api/v1/push', bearerToken: { remoteKey: 'platform/monitoring/mimir', property: 'token' } };
  });
  const anonymous = renderFixtureVariant('live', (p) => {
    p.monitoring.remoteWrite = { url: 'https://metrics.internal.example.com/api/v1/push' };
  });
  const none = renderFixtureVariant('live', (p) => {
    delete p.monitoring.remoteWrite;
  });

  it('sends a bearer token as the Authorization header, from a Secret holding only the token', () => {
    expect(prometheusSpec(bearer).remoteWrite).toEqual([
      { name: 'fleet', url: 'https://mimir.example.com:8443/api/v1/push', authorization: { type: 'Bearer', credentials: { name: 'prometheus-remote-write', key: 'token' } } },
    ]);
    expect(remoteWriteSecret(bearer)!.spec.data.map((d) => [d.secretKey, d.remoteRef.key])).toEqual([['token', `${fixtureConfig('live').platform.externalSecrets.keys.environmentPrefix}/platform/monitoring/mimir`]]);
    expect(remoteWritePolicy(bearer)!.spec.egress![0]!.ports).toEqual([{ port: 8443, protocol: 'TCP' }]);
  });

  it('needs no Secret for a store that takes no credentials', () => {
    expect(prometheusSpec(anonymous).remoteWrite).toEqual([{ name: 'fleet', url: 'https://metrics.internal.example.com/api/v1/push' }]);
    expect(remoteWriteSecret(anonymous)).toBeUndefined();
  });

  it('without a store renders no remote write, Secret or egress, and keeps the labels', () => {
    expect(prometheusSpec(none).remoteWrite).toBeUndefined();
    expect(remoteWriteSecret(none)).toBeUndefined();
    expect(remoteWritePolicy(none)).toBeUndefined();
    expect(prometheusSpec(none).externalLabels).toEqual({ cluster: 'live', environment: 'live' });
  });
});
