import { describe, expect, it } from 'vitest';
import { CLUSTER_SECRET_STORE } from '../../charts/lib/external-secret';
import { CERT_MANAGER_NAMESPACE, CLUSTER_ISSUER } from '../../charts/lib/platform-names';
import { HELM_CHARTS } from '../../charts/lib/versions';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderFixture } from '../support/fixture-repository';
import { renderRepository } from '../support/repo';
import { applicationOf, at, environmentConfig, environmentKey, firstEnvironment, helmSourceOf, objectOf, objectsOf, productionEnvironment, renderVariant, syncWaveOf } from '../support/platform';

interface ClusterIssuerObject extends KubeObject {
  readonly spec: { readonly acme: { server: string; email: string; privateKeySecretRef: { name: string }; solvers: Array<{ selector: { dnsZones: string[] }; dns01: Record<string, Record<string, unknown>> }> } };
}
interface ExternalSecretObject extends KubeObject {
  readonly spec: { secretStoreRef: { kind: string; name: string }; target: { name: string }; data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }> };
}

const environments = await renderRepository();
const STAGING_ACME = 'https://acme-staging-v02.api.letsencrypt.org/directory';
const PRODUCTION_ACME = 'https://acme-v02.api.letsencrypt.org/directory';

describe.each(environments.map((env) => [env.environment, env] as const))('cert-manager in %s', (name, env) => {
  const config = environmentConfig(name).platform.certManager;
  const app = applicationOf(env, 'cert-manager');
  const helm = helmSourceOf(app);
  const issuer = objectOf<ClusterIssuerObject>(env, 'ClusterIssuer', CLUSTER_ISSUER);

  it('installs the pinned chart with its CRDs into the cert-manager namespace', () => {
    expect({ repoURL: helm.repoURL, chart: helm.chart, version: helm.targetRevision }).toEqual(HELM_CHARTS.certManager);
    expect(helm.helm.releaseName).toBe('cert-manager');
    expect(at(helm.helm.valuesObject, 'crds')).toEqual({ enabled: true, keep: true });
    expect(app.spec.destination.namespace).toBe(CERT_MANAGER_NAMESPACE);
    expect(objectOf(env, 'Namespace', CERT_MANAGER_NAMESPACE).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('runs the overlay replica count with a PDB only when there is more than one pod', () => {
    for (const prefix of ['', 'webhook.', 'cainjector.']) {
      expect(at(helm.helm.valuesObject, `${prefix}replicaCount`)).toBe(config.replicas);
      expect(at(helm.helm.valuesObject, `${prefix}podDisruptionBudget.enabled`)).toBe(config.replicas > 1);
    }
  });

  it(`uses the overlay's ACME server (${config.acme.server === PRODUCTION_ACME ? 'Let\'s Encrypt production' : config.acme.server === STAGING_ACME ? 'Let\'s Encrypt staging' : config.acme.server})`, () => {
    expect(issuer.spec.acme.server).toBe(config.acme.server);
    // Production serves browser-trusted certificates; staging's are not trusted by browsers.
    if (name === productionEnvironment()) expect(issuer.spec.acme.server).toBe(PRODUCTION_ACME);
    expect(issuer.spec.acme.email).toBe(config.acme.email);
  });

  it('solves DNS-01 only, only for the environment\'s zones', () => {
    expect(issuer.spec.acme.solvers).toHaveLength(1);
    const [solver] = issuer.spec.acme.solvers;
    expect(solver?.selector.dnsZones).toEqual(config.dns01.zones);
    // The one provider the overlay chose (the schema allows exactly one).
    const provider = (['cloudflare', 'route53', 'rfc2136'] as const).find((candidate) => config.dns01[candidate] !== undefined);
    expect(provider).toBeDefined();
    expect(Object.keys(solver?.dns01 ?? {}).sort()).toEqual([provider!, 'cnameStrategy'].sort());
    expect(solver).not.toHaveProperty('http01');
  });

  // Cloudflare where the overlay chose it; the other providers are covered by the variants below.
  it.runIf(config.dns01.cloudflare !== undefined)('reads the Cloudflare token from a Secret an ExternalSecret delivers from Vault into cert-manager\'s namespace', () => {
    const ref = issuer.spec.acme.solvers[0]?.dns01['cloudflare']?.['apiTokenSecretRef'] as { name: string; key: string };
    const externalSecret = objectOf<ExternalSecretObject>(env, 'ExternalSecret', ref.name, CERT_MANAGER_NAMESPACE);
    expect(externalSecret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE });
    expect(externalSecret.spec.target.name).toBe(ref.name);
    expect(externalSecret.spec.data).toEqual([
      expect.objectContaining({ secretKey: ref.key, remoteRef: expect.objectContaining({ key: environmentKey(name, config.dns01.cloudflare!.apiToken.remoteKey), property: config.dns01.cloudflare?.apiToken.property }) }),
    ]);
    expect(externalSecret.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
  });

  it('syncs the ClusterIssuer after the chart that installs its CRD', () => {
    expect(syncWaveOf(issuer)).toBe(1);
    expect(issuer.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    expect(syncWaveOf(app)).toBeGreaterThan(syncWaveOf(applicationOf(env, 'external-secrets')));
  });

  it('is what application Ingresses request their TLS certificates from', async () => {
    const fixtureIngresses = (await renderFixture()).flatMap((fixture) => objectsOf(fixture, 'Ingress'));
    expect(fixtureIngresses.length).toBeGreaterThan(0);
    for (const ingress of [...objectsOf<KubeObject & { spec: { tls: unknown[] } }>(env, 'Ingress'), ...fixtureIngresses] as Array<KubeObject & { spec: { tls: unknown[] } }>) {
      expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'], ingress.metadata.name).toBe(CLUSTER_ISSUER);
      expect(ingress.spec.tls, ingress.metadata.name).toHaveLength(1);
    }
  });
});

describe('cert-manager DNS providers, each as a variant whatever the overlays use', () => {
  it('Cloudflare: the API token from Vault by an ExternalSecret, referenced by the solver', () => {
    const env = renderVariant(firstEnvironment(), (platform) => {
      platform.certManager.dns01 = { zones: ['example.com'], cloudflare: { apiToken: { remoteKey: 'platform/cert-manager/cloudflare', property: 'token' } } };
    });
    const ref = objectOf<ClusterIssuerObject>(env, 'ClusterIssuer', CLUSTER_ISSUER).spec.acme.solvers[0]?.dns01['cloudflare']?.['apiTokenSecretRef'] as { name: string; key: string };
    const externalSecret = objectOf<ExternalSecretObject>(env, 'ExternalSecret', ref.name, CERT_MANAGER_NAMESPACE);
    expect(externalSecret.spec.target.name).toBe(ref.name);
    expect(externalSecret.spec.data).toEqual([expect.objectContaining({ secretKey: ref.key, remoteRef: expect.objectContaining({ key: environmentKey(firstEnvironment(), 'platform/cert-manager/cloudflare'), property: 'token' }) })]);
  });

  it('Route53 with static keys: one ExternalSecret with both keys, referenced by the solver', () => {
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.certManager.dns01 = {
        zones: ['staging.example.com'],
        route53: {
          region: 'eu-central-1',
          hostedZoneID: 'Z0123456789ABC',
          accessKeyID: { remoteKey: 'platform/staging/cert-manager/route53', property: 'access-key-id' },
          secretAccessKey: { remoteKey: 'platform/staging/cert-manager/route53', property: 'secret-access-key' },
        },
      };
    });
    const route53 = objectOf<ClusterIssuerObject>(env, 'ClusterIssuer', CLUSTER_ISSUER).spec.acme.solvers[0]?.dns01['route53'];
    expect(route53).toEqual({
      region: 'eu-central-1',
      hostedZoneID: 'Z0123456789ABC',
      accessKeyIDSecretRef: { name: 'route53-credentials', key: 'access-key-id' },
      secretAccessKeySecretRef: { name: 'route53-credentials', key: 'secret-access-key' },
    });
    const secrets = objectsOf<ExternalSecretObject>(env, 'ExternalSecret').filter((s) => s.metadata.namespace === CERT_MANAGER_NAMESPACE);
    expect(secrets.map((s) => s.metadata.name)).toEqual(['route53-credentials']);
    expect(secrets[0]?.spec.data.map((d) => d.secretKey)).toEqual(['access-key-id', 'secret-access-key']);
  });

  it('Route53 with ambient credentials (IRSA): no ExternalSecret, the role on cert-manager\'s ServiceAccount', () => {
    const roleArn = 'arn:aws:iam::123456789012:role/cert-manager';
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.certManager.dns01 = { zones: ['example.com'], route53: { region: 'eu-central-1', serviceAccountRoleArn: roleArn } };
    });
    expect(objectsOf<ExternalSecretObject>(env, 'ExternalSecret').filter((s) => s.metadata.namespace === CERT_MANAGER_NAMESPACE)).toEqual([]);
    const values = helmSourceOf(applicationOf(env, 'cert-manager')).helm.valuesObject;
    expect(at(values, 'serviceAccount.annotations')).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
  });

  it('RFC2136: a TSIG key from Vault, updates over TCP', () => {
    const env = renderVariant(firstEnvironment(), (platform) => {
      platform.certManager.dns01 = {
        zones: ['dev.example.com'],
        rfc2136: { nameserver: '10.0.0.53:53', tsigKeyName: 'acme', tsigAlgorithm: 'HMACSHA512', tsigSecret: { remoteKey: 'platform/cert-manager/tsig', property: 'secret' } },
      };
    });
    const rfc2136 = objectOf<ClusterIssuerObject>(env, 'ClusterIssuer', CLUSTER_ISSUER).spec.acme.solvers[0]?.dns01['rfc2136'];
    expect(rfc2136).toMatchObject({ nameserver: '10.0.0.53:53', protocol: 'TCP', tsigKeyName: 'acme', tsigAlgorithm: 'HMACSHA512', tsigSecretSecretRef: { name: 'rfc2136-tsig', key: 'tsig-secret' } });
    expect(objectOf<ExternalSecretObject>(env, 'ExternalSecret', 'rfc2136-tsig', CERT_MANAGER_NAMESPACE).spec.data[0]?.remoteRef.key).toBe(environmentKey(firstEnvironment(), 'platform/cert-manager/tsig'));
  });
});
