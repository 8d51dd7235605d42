import { describe, expect, it } from 'vitest';
import { EXTERNAL_DNS_NAMESPACE } from '../../charts/platform/external-dns/external-dns-chart';
import type { ExternalDnsValues } from '../../charts/platform/external-dns/external-dns-values';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { renderFixture } from '../support/fixture-repository';
import type { ExternalDnsConfig } from '../../src/config/platform/external-dns';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { applicationOf, componentObject, environmentConfig, helmSourceOf, objectsOf, productionEnvironment, renderVariant, syncWaveOf, type ApplicationObject } from '../support/platform';

type ExternalSecretObject = KubeObject & { spec: { secretStoreRef: { kind: string; name: string }; data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }> } };

const environments = await renderRepository();
const has = (env: RenderedEnvironment) => objectsOf<ApplicationObject>(env, 'Application').some((a) => a.metadata.name === 'external-dns');

/** Cloudflare as the example overlays configure it, for the variant that switches external-dns on. */
const variantConfig: ExternalDnsConfig = {
  enabled: true,
  provider: 'cloudflare',
  domainFilters: ['example.com'],
  policy: 'sync',
  cloudflare: { apiToken: { remoteKey: 'platform/external-dns/cloudflare', property: 'api-token' } },
};

/**
 * The environments whose overlay enables external-dns, and always a variant with it switched on:
 * the component stays covered whichever environments (if any) enable it.
 */
const enabled: Array<readonly [string, string, RenderedEnvironment, ExternalDnsConfig]> = [
  ...environments.flatMap((env) => {
    const config = environmentConfig(env.environment).platform.externalDns;
    return config?.enabled ? [[env.environment, env.environment, env, config] as const] : [];
  }),
  [`${productionEnvironment()} with external-dns switched on`, productionEnvironment(), renderVariant(productionEnvironment(), (platform) => void (platform.externalDns = structuredClone(variantConfig))), variantConfig],
];

describe('external-dns', () => {
  it('is opt-in: rendered exactly where the overlay enables it', () => {
    expect(environments.map((env) => [env.environment, has(env)])).toEqual(environments.map((env) => [env.environment, environmentConfig(env.environment).platform.externalDns?.enabled === true]));
  });

  it('is absent from a variant with it switched off', () => {
    expect(has(renderVariant(productionEnvironment(), (platform) => void delete platform.externalDns))).toBe(false);
    expect(has(renderVariant(productionEnvironment(), (platform) => void (platform.externalDns = { ...structuredClone(variantConfig), enabled: false })))).toBe(false);
  });

  it('uses the IRSA role and no Secret on AWS', () => {
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.externalDns = { enabled: true, provider: 'aws', domainFilters: ['example.com'], policy: 'upsert-only', aws: { serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/external-dns' } };
    });
    const awsValues = helmSourceOf(applicationOf(env, 'external-dns')).helm.valuesObject as unknown as ExternalDnsValues;
    expect(awsValues.provider.name).toBe('aws');
    expect(awsValues.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/external-dns' });
    expect(awsValues.env).toEqual([]);
    expect(env.objects.some((o) => o.folder === 'platform/external-dns' && o.object.kind === 'ExternalSecret')).toBe(false);
  });

  it('honours enabled: false even with a complete section (fixture qa)', async () => {
    const fixture = await renderFixture();
    expect(has(fixture.find((env) => env.environment === 'qa')!)).toBe(false);
    expect(has(fixture.find((env) => env.environment === 'live')!)).toBe(true);
  });
});

describe.each(enabled)('external-dns in %s', (_title, name, env, config) => {
  const source = helmSourceOf(applicationOf(env, 'external-dns'));
  const values = source.helm.valuesObject as unknown as ExternalDnsValues;

  it('installs the pinned chart for the overlay\'s provider, zones and policy, owning its records by environment', () => {
    expect(source).toMatchObject({ repoURL: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', targetRevision: '1.21.1' });
    expect(values).toMatchObject({ provider: { name: config.provider }, sources: ['ingress'], domainFilters: config.domainFilters, policy: config.policy, registry: 'txt', txtOwnerId: name });
  });

  it('syncs after the External Secrets store its credentials come through', () => {
    expect(syncWaveOf(applicationOf(env, 'external-dns'))).toBeGreaterThan(syncWaveOf(applicationOf(env, 'external-secrets')));
  });

  it.runIf(config.provider === 'cloudflare')('reads the Cloudflare token from the cluster store below platform/, into the Secret the pod\'s env refers to, before the chart syncs', () => {
    const secret = componentObject<ExternalSecretObject>(env, 'external-dns', 'ExternalSecret', 'external-dns-cloudflare');
    expect(syncWaveOf(secret)).toBeLessThan(0);
    expect(secret.metadata.namespace).toBe(EXTERNAL_DNS_NAMESPACE);
    expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(secret.spec.data.map((d) => [d.remoteRef.key, d.remoteRef.property])).toEqual([[expect.stringMatching(new RegExp(`(^|/)${config.cloudflare!.apiToken.remoteKey}$`)), config.cloudflare!.apiToken.property]]);
    expect(values.env).toEqual([{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: secret.metadata.name, key: secret.spec.data[0]!.secretKey } } }]);
  });
});
