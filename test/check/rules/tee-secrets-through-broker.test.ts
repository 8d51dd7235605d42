import { describe, expect, it } from 'vitest';
import { sealedKbsReference } from '../../../charts/lib/sealed-secret';
import { teeSecretsThroughBroker } from '../../../src/check/rules/tee-secrets-through-broker';
import { compliantEnvironment, container, deployment } from '../support/compliant-app';
import { fixtureEnvironment, problems, type FixtureFile, type Manifest } from '../support/dist-fixture';

const environment = fixtureEnvironment();
const tee = environment.platform.tee!;
const prefix = environment.platform.externalSecrets.keys.environmentPrefix;
const DEPLOYMENT = 'apps/web/deployment-web.yaml';
const SEALED = 'apps/web/secret-web-sealed.yaml';
const CONTAINER = 'spec.template.spec.containers[0]';

const envFromSecret = (secretName: string, key = 'SIGNING_KEY_ID') => [{ name: key, valueFrom: { secretKeyRef: { name: secretName, key } } }];

/** The compliant environment with its web Deployment running in the TEE and reading secrets as given. */
function teeWeb(podSpec: Record<string, unknown>, runtimeClassName: string = tee.runtimeClassName): FixtureFile[] {
  return [...compliantEnvironment().filter(([file]) => file !== DEPLOYMENT), [DEPLOYMENT, deployment({ podSpec: { runtimeClassName, ...podSpec } })]];
}

function secret(name: string, stringData: Record<string, string>): FixtureFile {
  return [`apps/web/secret-${name}.yaml`, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'web' }, type: 'Opaque', stringData } as Manifest];
}

function externalSecret(name: string, target?: string): FixtureFile {
  return [
    `apps/web/externalsecret-${name}.yaml`,
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: 'web' },
      spec: { secretStoreRef: { kind: 'SecretStore', name: 'web' }, ...(target ? { target: { name: target } } : {}), data: [{ secretKey: 'SIGNING_KEY_ID', remoteRef: { key: `${prefix}/apps/web/signing`, property: 'key-id' } }] },
    } as Manifest,
  ];
}

const own = sealedKbsReference({ repository: prefix, type: 'web', tag: 'signing.key-id' });

describe('tee-secrets-through-broker', () => {
  it('passes a TEE pod whose every secret value is a sealed reference to this environment\'s KBS repository (env, envFrom and volumes)', () => {
    const podSpec = {
      containers: [container({ env: envFromSecret('web-sealed'), envFrom: [{ secretRef: { name: 'web-sealed' } }] })],
      volumes: [
        { name: 'keys', secret: { secretName: 'web-sealed', items: [{ key: 'SIGNING_KEY_ID', path: 'key-id' }] } },
        { name: 'projected', projected: { sources: [{ secret: { name: 'web-sealed' } }] } },
      ],
    };
    expect(problems([...teeWeb(podSpec), secret('web-sealed', { SIGNING_KEY_ID: own })], teeSecretsThroughBroker)).toEqual([]);
  });

  it('fails a TEE pod reading a Secret an ExternalSecret syncs, by the ExternalSecret\'s own name or its target name', () => {
    const expected = `dist/prod/${DEPLOYMENT}: ${CONTAINER}.env[0].valueFrom.secretKeyRef takes Secret web, which ExternalSecret web (dist/prod/apps/web/externalsecret-web.yaml) syncs from a secret store: plain values the host's kubelet and the cluster's admins can read`;
    expect(problems([...teeWeb({ containers: [container({ env: envFromSecret('web') })] }), externalSecret('web')], teeSecretsThroughBroker)).toEqual([expected]);
    expect(problems([...teeWeb({ containers: [container({ env: envFromSecret('signing') })] }), externalSecret('web', 'signing')], teeSecretsThroughBroker)).toEqual([
      `dist/prod/${DEPLOYMENT}: ${CONTAINER}.env[0].valueFrom.secretKeyRef takes Secret signing, which ExternalSecret web (dist/prod/apps/web/externalsecret-web.yaml) syncs from a secret store: plain values the host's kubelet and the cluster's admins can read`,
    ]);
  });

  it('fails a Secret that is not rendered, one holding a plain value, and a key the Secret lacks', () => {
    expect(problems(teeWeb({ containers: [container({ envFrom: [{ secretRef: { name: 'made-by-hand' } }] })] }), teeSecretsThroughBroker)).toEqual([
      `dist/prod/${DEPLOYMENT}: ${CONTAINER}.envFrom[0].secretRef takes Secret made-by-hand, which is not rendered in dist/, so nothing shows that its values are sealed references (a Secret made outside Git may hold plain values)`,
    ]);
    const volumes = [{ name: 'keys', secret: { secretName: 'web-sealed', items: [{ key: 'TOKEN', path: 'token' }, { key: 'MISSING', path: 'm' }] } }];
    expect(problems([...teeWeb({ volumes }), secret('web-sealed', { TOKEN: 'plain-text' })], teeSecretsThroughBroker)).toEqual([
      `dist/prod/${DEPLOYMENT}: spec.template.spec.volumes[0].secret takes Secret web-sealed stringData.TOKEN: a plain value the host can read, expected a sealed reference to a KBS resource`,
      `dist/prod/${DEPLOYMENT}: spec.template.spec.volumes[0].secret takes Secret web-sealed key MISSING, which the Secret does not have`,
    ]);
  });

  it('fails sealed references that do not resolve through this environment\'s broker', () => {
    const foreign = sealedKbsReference({ repository: 'dev', type: 'web', tag: 'signing.key-id' });
    const otherProvider = own.replace(
      own.split('.')[2]!,
      Buffer.from(JSON.stringify({ version: '0.1.0', type: 'vault', name: 'kbs:///prod/web/x', provider: 'aliyun', provider_settings: {}, annotations: {} })).toString('base64url'),
    );
    const envelope = `sealed.fakejwsheader.${Buffer.from(JSON.stringify({ version: '0.1.0', type: 'envelope', provider: 'kbs', key_id: 'k', encrypted_key: 'a', encrypted_data: 'b', wrap_type: 'A256GCM', iv: 'c', provider_settings: {}, annotations: {} })).toString('base64url')}.fakesignature`;
    const files = [...teeWeb({ containers: [container({ envFrom: [{ secretRef: { name: 'web-sealed' } }] })] }), secret('web-sealed', { A: foreign, B: otherProvider, C: envelope })];
    expect(problems(files, teeSecretsThroughBroker)).toEqual([
      `dist/prod/${DEPLOYMENT}: ${CONTAINER}.envFrom[0].secretRef takes Secret web-sealed stringData.A: a sealed secret pointing at kbs:///dev/web/signing.key-id, outside this environment's KBS repository ${prefix}/ (externalSecrets.keys.environmentPrefix), expected kbs:///${prefix}/<type>/<tag>`,
      `dist/prod/${DEPLOYMENT}: ${CONTAINER}.envFrom[0].secretRef takes Secret web-sealed stringData.B: a sealed secret of provider aliyun, expected kbs (the attestation broker the pod's initdata names)`,
      `dist/prod/${DEPLOYMENT}: ${CONTAINER}.envFrom[0].secretRef takes Secret web-sealed stringData.C: a sealed secret the Data Hub would not resolve as a pointer: an envelope secret, which carries the encrypted value itself, expected a vault secret (a pointer to a broker resource)`,
    ]);
  });

  it('leaves TEE pods alone where the overlay configures no broker, and pods outside the TEE everywhere', () => {
    const plain = [...teeWeb({ containers: [container({ env: envFromSecret('web') })] }), externalSecret('web')];
    const withoutBroker = { ...environment, platform: { ...environment.platform, tee: { ...tee, attestation: undefined } } };
    expect(problems(plain, teeSecretsThroughBroker, { environment: withoutBroker })).toEqual([]);
    expect(problems([...compliantEnvironment().filter(([file]) => file !== DEPLOYMENT), [DEPLOYMENT, deployment({ podSpec: { containers: [container({ env: envFromSecret('web') })] } })], externalSecret('web')], teeSecretsThroughBroker)).toEqual([]);
  });
});
