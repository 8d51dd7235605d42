import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../../charts/lib/app-definition';
import { ApplicationChart } from '../../charts/lib/application-chart';
import { sealedKbsReference } from '../../charts/lib/sealed-secret';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { collectObjects } from '../../src/render/collect-objects';
import type { KubeObject } from '../../src/render/rendered-object';
import { fixtureConfig, renderFixture } from '../support/fixture-repository';

type SecretObject = KubeObject & { type?: string; stringData?: Record<string, string>; data?: Record<string, string> };
type DeploymentObject = KubeObject & { spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }> }> } } } };

/**
 * What the Kata agent and the Confidential Data Hub of the pinned runtime do with an env value:
 * only one starting with `sealed.` is unsealed; four dot-separated sections, the third decoded
 * base64url without padding, JSON of version 0.1.0. Written out here, apart from the platform's
 * own reader, so the rendered form is checked against the wire format rather than against itself.
 */
function unsealAsTheDataHub(value: string): Record<string, unknown> {
  expect(value.startsWith('sealed.')).toBe(true);
  const sections = value.split('.');
  expect(sections).toHaveLength(4);
  expect(sections[2]).toMatch(/^[A-Za-z0-9_-]+$/);
  const json = Buffer.from(sections[2]!.replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('utf8');
  return JSON.parse(json) as Record<string, unknown>;
}

const fixture = await renderFixture();

function appObjects(env: string, app: string): KubeObject[] {
  return fixture.find((e) => e.environment === env)!.objects.filter((o) => o.folder === `apps/${app}`).map((o) => o.object);
}

function tenancyObjects(env: string): KubeObject[] {
  return fixture.find((e) => e.environment === env)!.objects.filter((o) => o.folder === 'platform/tenancy').map((o) => o.object);
}

const kinds = (objects: readonly KubeObject[]) => objects.map((o) => o.kind).sort();

describe('secrets of a confidential app in an environment with an attestation broker (fixture settle in dev and live)', () => {
  it('renders a Secret of sealed references to the app\'s KBS resources under the environment\'s prefix, and no ExternalSecret or SecretStore', () => {
    for (const env of ['dev', 'live']) {
      expect(fixtureConfig(env).platform.tee?.attestation).toBeDefined();
      const objects = appObjects(env, 'settle');
      expect(kinds(objects).filter((kind) => ['ExternalSecret', 'SecretStore', 'Secret'].includes(kind)), env).toEqual(['Secret']);
      const secret = objects.find((o) => o.kind === 'Secret') as SecretObject;
      expect(secret.metadata.name).toBe('settle-sealed');
      expect(secret.type).toBe('Opaque');
      expect(secret.data).toBeUndefined();
      expect(Object.keys(secret.stringData!)).toEqual(['SIGNING_KEY_ID']);
      // settle reads apps/settle/signing, property key-id; the environment's prefix is the KBS repository.
      expect(unsealAsTheDataHub(secret.stringData!['SIGNING_KEY_ID']!)).toEqual({
        version: '0.1.0',
        type: 'vault',
        name: `kbs:///${env}/settle/signing.key-id`,
        provider: 'kbs',
        provider_settings: {},
        annotations: {},
      });
      expect(secret.stringData!['SIGNING_KEY_ID']).toMatch(/^sealed\.fakejwsheader\.[A-Za-z0-9_-]+\.fakesignature$/);
    }
  });

  it('keeps dev\'s references apart from live\'s', () => {
    const value = (env: string) => (appObjects(env, 'settle').find((o) => o.kind === 'Secret') as SecretObject).stringData!['SIGNING_KEY_ID'];
    expect(value('dev')).not.toBe(value('live'));
  });

  it('points the container\'s env at the sealed Secret, so the agent finds the references in the pod\'s environment', () => {
    const deployment = appObjects('live', 'settle').find((o) => o.kind === 'Deployment') as DeploymentObject;
    expect(deployment.spec.template.spec.containers[0]!.env).toEqual([{ name: 'SIGNING_KEY_ID', valueFrom: { secretKeyRef: { name: 'settle-sealed', key: 'SIGNING_KEY_ID' } } }]);
  });

  it('gives the app no Vault token review binding (it never logs in to Vault), unlike an app that reads Vault', () => {
    const bindings = tenancyObjects('live').filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name);
    expect(bindings).toContain('vault-auth-delegator-ledger');
    expect(bindings).not.toContain('vault-auth-delegator-settle');
  });
});

describe('secrets where no broker applies: today\'s per-app SecretStore and ExternalSecret', () => {
  it('keeps the ExternalSecret path for the confidential app in an environment without tee.attestation (fixture qa)', () => {
    expect(fixtureConfig('qa').platform.tee).toBeDefined();
    expect(fixtureConfig('qa').platform.tee?.attestation).toBeUndefined();
    const objects = appObjects('qa', 'settle');
    expect(kinds(objects).filter((kind) => ['ExternalSecret', 'SecretStore', 'Secret'].includes(kind))).toEqual(['ExternalSecret', 'SecretStore']);
    const deployment = objects.find((o) => o.kind === 'Deployment') as DeploymentObject;
    expect(deployment.spec.template.spec.containers[0]!.env?.[0]?.valueFrom?.secretKeyRef?.name).toBe('settle');
    expect(tenancyObjects('qa').map((o) => o.metadata.name)).toContain('vault-auth-delegator-settle');
  });

  it('keeps it for an app that is not confidential, in an environment with a broker (fixture ledger in live)', () => {
    const objects = appObjects('live', 'ledger');
    expect(kinds(objects).filter((kind) => ['ExternalSecret', 'SecretStore', 'Secret'].includes(kind))).toEqual(['ExternalSecret', 'SecretStore']);
  });
});

describe('KBS resource names of a confidential app', () => {
  const environment: EnvironmentConfig = fixtureConfig('live');
  const render = (secrets: Array<{ env: string; remoteKey: string; property: string }>): SecretObject => {
    const app = defineApp({ name: 'settle', team: 'settlement', port: 8080, healthPath: '/healthz', resources: { cpu: '100m', memory: '128Mi' }, confidential: true, secrets });
    const cdk8sApp = new App();
    new ApplicationChart(cdk8sApp, { app, environment });
    return collectObjects(cdk8sApp).map((o) => o.object).find((o) => o.kind === 'Secret') as SecretObject;
  };

  it('joins the path below apps/<app>/ and the property with dots, and lets two variables read one resource', () => {
    const secret = render([
      { env: 'PRIMARY_URL', remoteKey: 'apps/settle/db/primary', property: 'url' },
      { env: 'DATABASE_URL', remoteKey: 'apps/settle/db/primary', property: 'url' },
    ]);
    const reference = sealedKbsReference({ repository: 'live', type: 'settle', tag: 'db.primary.url' });
    expect(secret.stringData).toEqual({ PRIMARY_URL: reference, DATABASE_URL: reference });
  });

  it('refuses two different values that would become one resource', () => {
    expect(() =>
      render([
        { env: 'A', remoteKey: 'apps/settle/db', property: 'primary.url' },
        { env: 'B', remoteKey: 'apps/settle/db/primary', property: 'url' },
      ]),
    ).toThrow("app 'settle' in live: secrets B: apps/settle/db/primary url and A's apps/settle/db primary.url both become kbs:///live/settle/db.primary.url, expected keys and properties that differ after joining with dots");
  });
});
