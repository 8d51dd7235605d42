import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import { siemNotifier } from '../../charts/platform/stackrox/siem-notifier';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { applicationOf, componentObject, componentObjects, environmentKey, helmSourceOf } from '../support/platform';

type SecuredClusterObject = KubeObject & { spec: { clusterName: string; centralEndpoint: string; perNode: { taintToleration: string } } };
type CentralObject = KubeObject & { spec: { central: { adminPasswordSecret: { name: string }; declarativeConfiguration: { secrets: Array<{ name: string }> }; telemetry: { enabled: boolean } } } };
type ExternalSecretObject = KubeObject & { spec: { target: { name: string; template?: { data: Record<string, string> } }; data: Array<{ secretKey: string; remoteRef: { key: string } }> } };

const environments = await renderRepository();
const expected: Record<string, { endpoint: string; central: boolean }> = {
  dev: { endpoint: 'central.prod.example.com:443', central: false },
  staging: { endpoint: 'central.prod.example.com:443', central: false },
  prod: { endpoint: 'central.stackrox.svc:443', central: true },
};

describe.each(environments.map((env) => [env.environment, env] as const))('StackRox in %s', (name, env) => {
  const helm = helmSourceOf(applicationOf(env, 'stackrox'));
  const secured = componentObject<SecuredClusterObject>(env, 'stackrox', 'SecuredCluster', 'stackrox-secured-cluster-services');

  it('installs the stackrox-operator chart 4.11.1 into a restricted operator namespace', () => {
    expect(helm).toMatchObject({ chart: 'stackrox-operator', targetRevision: '4.11.1' });
    expect(applicationOf(env, 'stackrox').spec.destination.namespace).toBe('stackrox-operator');
    expect(componentObject(env, 'stackrox', 'Namespace', 'stackrox-operator').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('declares this cluster as a SecuredCluster named from the overlay, connecting to its Central endpoint', () => {
    expect(secured.metadata.namespace).toBe('stackrox');
    expect(secured.spec).toMatchObject({ clusterName: name, centralEndpoint: expected[name]!.endpoint, perNode: { taintToleration: 'TolerateTaints' } });
    const registration = componentObject<ExternalSecretObject>(env, 'stackrox', 'ExternalSecret', 'cluster-registration-secret');
    expect(registration.spec.data).toEqual([expect.objectContaining({ secretKey: 'crs', remoteRef: expect.objectContaining({ key: environmentKey(name, `platform/stackrox/${name}/crs`) }) })]);
  });

  it(`renders Central only where the overlay hosts it (${expected[name]!.central ? 'here' : 'not here'})`, () => {
    expect(componentObjects(env, 'stackrox').filter((o) => o.kind === 'Central')).toHaveLength(expected[name]!.central ? 1 : 0);
  });

  it('runs Collector in a privileged namespace, with the reason', () => {
    const namespace = componentObject(env, 'stackrox', 'Namespace', 'stackrox');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/Collector runs privileged/);
  });

  it('syncs the custom resources after the operator chart installs their CRDs', () => {
    for (const object of componentObjects(env, 'stackrox').filter((o) => o.apiVersion.startsWith('platform.stackrox.io/'))) {
      expect(object.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('1');
    }
  });
});

describe('Central in prod', () => {
  const prod = environments.find((e) => e.environment === 'prod')!;
  const central = componentObject<CentralObject>(prod, 'stackrox', 'Central', 'stackrox-central-services');

  it('takes its admin password from an ExternalSecret and sends no telemetry', () => {
    const secret = componentObject<ExternalSecretObject>(prod, 'stackrox', 'ExternalSecret', central.spec.central.adminPasswordSecret.name);
    expect(secret.spec.data.map((d) => d.secretKey)).toEqual(['password']);
    expect(central.spec.central.telemetry.enabled).toBe(false);
  });

  it('declares the SIEM notifier: endpoint from the overlay in Git, only the token from Vault', () => {
    const [declarative] = central.spec.central.declarativeConfiguration.secrets;
    const secret = componentObject<ExternalSecretObject>(prod, 'stackrox', 'ExternalSecret', declarative!.name);
    const document = parse(secret.spec.target.template!.data['siem-notifier.yaml']!) as { name: string; splunk: { httpEndpoint: string; httpToken: string; auditLoggingEnabled: boolean } };
    expect(document).toEqual({ name: 'siem', splunk: { httpEndpoint: 'https://siem.example.com:8088/services/collector/event', httpToken: '{{ .token }}', auditLoggingEnabled: true } });
    expect(secret.spec.data).toEqual([expect.objectContaining({ secretKey: 'token', remoteRef: expect.objectContaining({ key: environmentKey('prod', 'platform/stackrox/siem') }) })]);
  });

  it('builds a generic webhook notifier with a bearer token header for siem.type generic', () => {
    expect(siemNotifier({ type: 'generic', endpoint: 'https://siem.example.com/ingest', auditLogging: false })).toEqual({
      name: 'siem',
      generic: { endpoint: 'https://siem.example.com/ingest', headers: [{ key: 'Authorization', value: 'Bearer {{ .token }}' }], auditLoggingEnabled: false },
    });
  });
});
