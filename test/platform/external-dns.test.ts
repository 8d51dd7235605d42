import { describe, expect, it } from 'vitest';
import { EXTERNAL_DNS_NAMESPACE } from '../../charts/platform/external-dns/external-dns-chart';
import type { ExternalDnsValues } from '../../charts/platform/external-dns/external-dns-values';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { renderFixture } from '../support/fixture-repository';
import { applicationOf, componentObject, helmSourceOf, objectsOf, renderVariant, syncWaveOf, type ApplicationObject } from '../support/platform';

type ExternalSecretObject = KubeObject & { spec: { secretStoreRef: { kind: string; name: string }; data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }> } };

const environments = await renderRepository();
const has = (env: (typeof environments)[number]) => objectsOf<ApplicationObject>(env, 'Application').some((a) => a.metadata.name === 'external-dns');

describe('external-dns', () => {
  it('is opt-in: only prod\'s overlay enables it', () => {
    expect(environments.map((env) => [env.environment, has(env)])).toEqual([['dev', false], ['staging', false], ['prod', true]]);
  });

  const prod = environments.find((env) => env.environment === 'prod')!;
  const source = helmSourceOf(applicationOf(prod, 'external-dns'));
  const values = source.helm.valuesObject as unknown as ExternalDnsValues;

  it('installs the pinned chart for the overlay\'s provider, zones and policy, owning its records by environment', () => {
    expect(source).toMatchObject({ repoURL: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', targetRevision: '1.21.1' });
    expect(values).toMatchObject({ provider: { name: 'cloudflare' }, sources: ['ingress'], domainFilters: ['example.com'], policy: 'sync', registry: 'txt', txtOwnerId: 'prod' });
  });

  it('syncs after the External Secrets store its token comes through, its ExternalSecret before the chart', () => {
    expect(syncWaveOf(applicationOf(prod, 'external-dns'))).toBeGreaterThan(syncWaveOf(applicationOf(prod, 'external-secrets')));
    expect(syncWaveOf(componentObject(prod, 'external-dns', 'ExternalSecret', 'external-dns-cloudflare'))).toBeLessThan(0);
  });

  it('reads the Cloudflare token from the cluster store below platform/, into the Secret the pod\'s env refers to', () => {
    const secret = componentObject<ExternalSecretObject>(prod, 'external-dns', 'ExternalSecret', 'external-dns-cloudflare');
    expect(secret.metadata.namespace).toBe(EXTERNAL_DNS_NAMESPACE);
    expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(secret.spec.data.map((d) => d.remoteRef.key)).toEqual([expect.stringMatching(/(^|\/)platform\/external-dns\/cloudflare$/)]);
    expect(values.env).toEqual([{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: secret.metadata.name, key: secret.spec.data[0]!.secretKey } } }]);
  });

  it('uses the IRSA role and no Secret on AWS', () => {
    const env = renderVariant('prod', (platform) => {
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
