import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ExternalSecret } from '../../charts/lib/external-secret';
import { appSecretScope, platformSecretScope, type SecretScope } from '../../charts/lib/secret-scope';
import type { ExternalSecretsConfig } from '../../src/config/platform/external-secrets';
import { fixtureConfigs } from '../support/fixture-repository';

interface RenderedExternalSecret {
  readonly spec: { readonly secretStoreRef: { kind: string; name: string }; readonly data: ReadonlyArray<{ remoteRef: { key: string } }> };
}

function render(scope: SecretScope, keys: readonly string[]): RenderedExternalSecret {
  const chart = Testing.chart();
  new ExternalSecret(chart, 'secret', { name: 'creds', namespace: 'ns', scope, data: keys.map((remoteKey, i) => ({ secretKey: `k${i}`, remoteKey, property: 'p' })) });
  return Testing.synth(chart)[0] as RenderedExternalSecret;
}

const base = fixtureConfigs[0]!.platform.externalSecrets;
const withKeys = (keys: ExternalSecretsConfig['keys']): ExternalSecretsConfig => ({ ...base, keys });

describe('ExternalSecret keys are scoped to the environment and to their store', () => {
  it('puts the environment prefix in front of every key and refers to the scope\'s store', () => {
    const config = withKeys({ environmentPrefix: 'qa' });
    const app = render(appSecretScope('ledger', config), ['apps/ledger/database', 'apps/ledger/signing']);
    expect(app.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'ledger' });
    expect(app.spec.data.map((d) => d.remoteRef.key)).toEqual(['qa/apps/ledger/database', 'qa/apps/ledger/signing']);
    const platform = render(platformSecretScope(config), ['platform/backup/s3']);
    expect(platform.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(platform.spec.data.map((d) => d.remoteRef.key)).toEqual(['qa/platform/backup/s3']);
  });

  it('reads a key the overlay declares shared as it is, and only in the scope it belongs to', () => {
    const config = withKeys({ environmentPrefix: 'live', shared: [{ key: 'platform/stackrox/central-admin', reason: 'one Central for all clusters' }] });
    const platform = render(platformSecretScope(config), ['platform/stackrox/central-admin', 'platform/backup/s3']);
    expect(platform.spec.data.map((d) => d.remoteRef.key)).toEqual(['platform/stackrox/central-admin', 'live/platform/backup/s3']);
    expect(appSecretScope('ledger', config).sharedKeys.size).toBe(0);
  });

  it('fails on a key outside the scope\'s root, which its store\'s Vault policy does not grant', () => {
    const config = withKeys({ environmentPrefix: 'qa' });
    expect(() => render(appSecretScope('ledger', config), ['apps/settle/signing'])).toThrow(
      "ExternalSecret 'creds' in namespace ns: key apps/settle/signing is outside apps/ledger/, the only part of Vault its SecretStore ledger may read, expected a key such as apps/ledger/<name>",
    );
    expect(() => render(platformSecretScope(config), ['apps/ledger/database'])).toThrow('is outside platform/');
  });
});
