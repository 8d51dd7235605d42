import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import { siemNotifier } from '../../charts/platform/stackrox/siem-notifier';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { StackroxConfig } from '../../src/config/platform/stackrox';
import { applicationOf, componentObject, componentObjects, environmentConfig, environmentKey, helmSourceOf, productionEnvironment, renderVariant } from '../support/platform';

type SecuredClusterObject = KubeObject & { spec: { clusterName: string; centralEndpoint: string; perNode: { taintToleration: string } } };
type CentralObject = KubeObject & { spec: { central: { adminPasswordSecret: { name: string }; declarativeConfiguration: { secrets: Array<{ name: string }> }; telemetry: { enabled: boolean } } } };
type ExternalSecretObject = KubeObject & { spec: { target: { name: string; template?: { data: Record<string, string> } }; data: Array<{ secretKey: string; remoteRef: { key: string } }> } };

const environments = await renderRepository();

describe.each(environments.map((env) => [env.environment, env] as const))('StackRox in %s', (name, env) => {
  const helm = helmSourceOf(applicationOf(env, 'stackrox'));
  const secured = componentObject<SecuredClusterObject>(env, 'stackrox', 'SecuredCluster', 'stackrox-secured-cluster-services');
  const overlay = environmentConfig(name).platform.stackrox;

  it('installs the stackrox-operator chart 4.11.1 into a restricted operator namespace', () => {
    expect(helm).toMatchObject({ chart: 'stackrox-operator', targetRevision: '4.11.1' });
    expect(applicationOf(env, 'stackrox').spec.destination.namespace).toBe('stackrox-operator');
    expect(componentObject(env, 'stackrox', 'Namespace', 'stackrox-operator').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('declares this cluster as a SecuredCluster named from the overlay, connecting to its Central endpoint', () => {
    expect(secured.metadata.namespace).toBe('stackrox');
    expect(secured.spec).toMatchObject({ clusterName: overlay.clusterName, centralEndpoint: overlay.centralEndpoint, perNode: { taintToleration: 'TolerateTaints' } });
    const registration = componentObject<ExternalSecretObject>(env, 'stackrox', 'ExternalSecret', 'cluster-registration-secret');
    expect(registration.spec.data).toEqual([expect.objectContaining({ secretKey: 'crs', remoteRef: expect.objectContaining({ key: environmentKey(name, `platform/stackrox/${overlay.clusterName}/crs`) }) })]);
  });

  it(`renders Central only where the overlay hosts it (${overlay.central ? 'here' : 'not here'})`, () => {
    expect(componentObjects(env, 'stackrox').filter((o) => o.kind === 'Central')).toHaveLength(overlay.central ? 1 : 0);
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

/** The notifier document Central should declare for an overlay's SIEM, the token left to Vault. */
function expectedNotifier(siem: NonNullable<StackroxConfig['central']>['siem']): unknown {
  return siem.type === 'splunk'
    ? { name: 'siem', splunk: { httpEndpoint: siem.endpoint, httpToken: '{{ .token }}', auditLoggingEnabled: siem.auditLogging } }
    : { name: 'siem', generic: { endpoint: siem.endpoint, headers: [{ key: 'Authorization', value: 'Bearer {{ .token }}' }], auditLoggingEnabled: siem.auditLogging } };
}

// Where the overlays host Central, and always a variant with it switched on: Central stays covered
// whichever environments (if any) host it.
const variantCentral: NonNullable<StackroxConfig['central']> = {
  exposure: 'loadBalancer',
  dbStorageSize: '100Gi',
  resources: { cpu: '1', memory: '4Gi' },
  siem: { type: 'splunk', endpoint: 'https://siem.example.com:8088/services/collector/event', auditLogging: true },
};
const hosts: Array<readonly [string, string, RenderedEnvironment, NonNullable<StackroxConfig['central']>]> = [
  ...environments.flatMap((env) => {
    const central = environmentConfig(env.environment).platform.stackrox.central;
    return central ? [[env.environment, env.environment, env, central] as const] : [];
  }),
  [`${productionEnvironment()} with Central switched on`, productionEnvironment(), renderVariant(productionEnvironment(), (platform) => void (platform.stackrox.central = structuredClone(variantCentral))), variantCentral],
];

describe.each(hosts)('Central in %s', (_title, name, env, overlay) => {
  const central = componentObject<CentralObject>(env, 'stackrox', 'Central', 'stackrox-central-services');

  it('takes its admin password from an ExternalSecret and sends no telemetry', () => {
    const secret = componentObject<ExternalSecretObject>(env, 'stackrox', 'ExternalSecret', central.spec.central.adminPasswordSecret.name);
    expect(secret.spec.data.map((d) => d.secretKey)).toEqual(['password']);
    expect(central.spec.central.telemetry.enabled).toBe(false);
  });

  it('declares the SIEM notifier: endpoint from the overlay in Git, only the token from Vault', () => {
    const [declarative] = central.spec.central.declarativeConfiguration.secrets;
    const secret = componentObject<ExternalSecretObject>(env, 'stackrox', 'ExternalSecret', declarative!.name);
    const document = parse(secret.spec.target.template!.data['siem-notifier.yaml']!) as unknown;
    expect(document).toEqual(expectedNotifier(overlay.siem));
    expect(secret.spec.data).toEqual([expect.objectContaining({ secretKey: 'token', remoteRef: expect.objectContaining({ key: environmentKey(name, 'platform/stackrox/siem') }) })]);
  });
});

describe('StackRox without Central', () => {
  it('renders no Central and none of its secrets where the overlay does not host it', () => {
    const env = renderVariant(productionEnvironment(), (platform) => void delete platform.stackrox.central);
    expect(componentObjects(env, 'stackrox').filter((o) => o.kind === 'Central')).toEqual([]);
    expect(componentObjects(env, 'stackrox').filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata.name)).toEqual(['cluster-registration-secret']);
  });
});

describe('SIEM notifier', () => {
  it('builds a Splunk HEC notifier with the token from the secret', () => {
    expect(siemNotifier({ type: 'splunk', endpoint: 'https://siem.example.com:8088/services/collector/event', auditLogging: true })).toEqual({
      name: 'siem',
      splunk: { httpEndpoint: 'https://siem.example.com:8088/services/collector/event', httpToken: '{{ .token }}', auditLoggingEnabled: true },
    });
  });

  it('builds a generic webhook notifier with a bearer token header for siem.type generic', () => {
    expect(siemNotifier({ type: 'generic', endpoint: 'https://siem.example.com/ingest', auditLogging: false })).toEqual({
      name: 'siem',
      generic: { endpoint: 'https://siem.example.com/ingest', headers: [{ key: 'Authorization', value: 'Bearer {{ .token }}' }], auditLoggingEnabled: false },
    });
  });
});
