import { describe, expect, it } from 'vitest';
import { ingressNginxRetired } from '../../../src/check/rules/ingress-controller';
import { ingressTls } from '../../../src/check/rules/ingress-tls';
import { sealedKbsReference } from '../../../charts/lib/sealed-secret';
import { noSecretLiterals, noSecretValues } from '../../../src/check/rules/secrets';
import { serviceType } from '../../../src/check/rules/service-type';
import { application, at, compliantEnvironment, withChange, withFiles } from '../support/compliant-app';
import { fixtureEnvironment, problems, type FixtureFile } from '../support/dist-fixture';

const SERVICE = 'apps/web/service-web.yaml';
const INGRESS = 'apps/web/ingress-web.yaml';
const DEPLOYMENT = 'apps/web/deployment-web.yaml';
const CONFIG_MAP = 'apps/web/configmap-web.yaml';

describe('service-type', () => {
  it('passes ClusterIP Services, and a LoadBalancer in the ingress tier namespace', () => {
    const controller: FixtureFile = ['platform/ingress/service-traefik.yaml', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'traefik', namespace: 'traefik' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } }];
    expect(problems(withFiles(controller), serviceType)).toEqual([]);
  });

  it('fails when an application Service is a NodePort', () => {
    const files = withChange(SERVICE, (s) => (at(s, 'spec')['type'] = 'NodePort'));
    expect(problems(files, serviceType)).toEqual(['dist/prod/apps/web/service-web.yaml: spec.type is NodePort outside the ingress tier namespace traefik']);
  });
});

describe('ingress-tls', () => {
  it('passes an Ingress whose hosts are all under tls, with a cert-manager issuer', () => {
    expect(problems(compliantEnvironment(), ingressTls)).toEqual([]);
  });

  it('fails when the Ingress has no tls', () => {
    const files = withChange(INGRESS, (i) => delete at(i, 'spec')['tls']);
    expect(problems(files, ingressTls)).toEqual(['dist/prod/apps/web/ingress-web.yaml: has no spec.tls']);
  });

  it('fails when a host is not covered by tls', () => {
    const files = withChange(INGRESS, (i) => (at(i, 'spec', 'rules', 0)['host'] = 'shop.example.com'));
    expect(problems(files, ingressTls)).toEqual(['dist/prod/apps/web/ingress-web.yaml: host shop.example.com (spec.rules[0]) is not listed in spec.tls']);
  });

  it('fails when nothing issues the certificate, and passes when a Certificate does', () => {
    const files = withChange(INGRESS, (i) => delete at(i, 'metadata')['annotations']);
    expect(problems(files, ingressTls)).toEqual(['dist/prod/apps/web/ingress-web.yaml: no cert-manager issuer annotation (cert-manager.io/cluster-issuer or cert-manager.io/issuer) and no Certificate for secret web-tls']);
    const certificate: FixtureFile = ['apps/web/certificate-web.yaml', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'web' }, spec: { secretName: 'web-tls' } }];
    expect(problems([...files, certificate], ingressTls)).toEqual([]);
  });
});

describe('ingress-nginx-retired', () => {
  const base = fixtureEnvironment();
  const nginx = { ...base, platform: { ...base.platform, ingress: { ...base.platform.ingress, controller: 'ingress-nginx' as const } } };

  it('passes traefik in production and ingress-nginx outside production', () => {
    expect(problems(compliantEnvironment(), ingressNginxRetired)).toEqual([]);
    expect(problems(compliantEnvironment(), ingressNginxRetired, { production: false, environment: nginx })).toEqual([]);
  });

  it('warns when production runs ingress-nginx, pointing at the overlay', () => {
    expect(problems(compliantEnvironment(), ingressNginxRetired, { environment: nginx })).toEqual([
      'overlays/prod/platform.yaml: ingress.controller is ingress-nginx, which is retired upstream (last release 4.15.1, March 2026)',
    ]);
  });
});

describe('no-secret-values', () => {
  it('passes a Secret without data (e.g. a service-account token request)', () => {
    const empty: FixtureFile = ['apps/web/secret-token.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'web', annotations: { 'kubernetes.io/service-account.name': 'web' } }, type: 'kubernetes.io/service-account-token' }];
    expect(problems(withFiles(empty), noSecretValues)).toEqual([]);
  });

  it('fails when a Secret carries data or stringData, naming keys but never values', () => {
    const secret: FixtureFile = ['apps/web/secret-db.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'web' }, data: { password: 'aHVudGVyMg==' }, stringData: { user: 'app' } }];
    const found = problems(withFiles(secret), noSecretValues, { production: false });
    expect(found).toEqual(['dist/prod/apps/web/secret-db.yaml: Secret carries values in Git: data.password, stringData.user']);
    expect(found.join()).not.toContain('aHVudGVyMg==');
  });

  const pointer = sealedKbsReference({ repository: 'prod', type: 'web', tag: 'signing.key-id' });
  const sealedSecret = (values: Record<string, unknown>): FixtureFile => ['apps/web/secret-web-sealed.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-sealed', namespace: 'web' }, ...values }];

  it('passes a Secret whose every value is a sealed reference (a pointer the TEE resolves), in stringData or data', () => {
    expect(problems(withFiles(sealedSecret({ stringData: { SIGNING_KEY_ID: pointer } })), noSecretValues)).toEqual([]);
    expect(problems(withFiles(sealedSecret({ data: { SIGNING_KEY_ID: Buffer.from(pointer).toString('base64') } })), noSecretValues)).toEqual([]);
  });

  it('fails the values of a sealed Secret that are not vault pointers, saying why', () => {
    const envelope = `sealed.fakejwsheader.${Buffer.from(JSON.stringify({ version: '0.1.0', type: 'envelope', provider: 'kbs', key_id: 'k', encrypted_key: 'a', encrypted_data: 'b', wrap_type: 'A256GCM', iv: 'c', provider_settings: {}, annotations: {} })).toString('base64url')}.fakesignature`;
    expect(problems(withFiles(sealedSecret({ stringData: { SIGNING_KEY_ID: pointer, TOKEN: 'plain', KEY: envelope } })), noSecretValues)).toEqual([
      'dist/prod/apps/web/secret-web-sealed.yaml: Secret carries values in Git: stringData.TOKEN, stringData.KEY (a sealed secret, but an envelope secret, which carries the encrypted value itself, expected a vault secret (a pointer to a broker resource))',
    ]);
  });
});

describe('no-secret-literals on sealed Secrets', () => {
  const sealed = (payload: Record<string, unknown>) => `sealed.fakejwsheader.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.fakesignature`;
  const file = (value: string): FixtureFile => ['apps/web/secret-web-sealed.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-sealed', namespace: 'web' }, stringData: { SIGNING_KEY_ID: value } }];

  it('judges what a sealed reference carries, not its encoding', () => {
    expect(problems(withFiles(file(sealedKbsReference({ repository: 'prod', type: 'web', tag: 'signing.key-id' }))), noSecretLiterals)).toEqual([]);
    const leaking = sealed({ version: '0.1.0', type: 'vault', name: 'kbs:///prod/web/x', provider: 'kbs', provider_settings: {}, annotations: { key: '-----BEGIN PRIVATE KEY-----' } });
    expect(problems(withFiles(file(leaking)), noSecretLiterals)).toEqual(['dist/prod/apps/web/secret-web-sealed.yaml: stringData.SIGNING_KEY_ID: its value looks like a sealed secret carrying a PEM private key']);
  });

  it('still finds a real value in a Secret of a confidential app', () => {
    expect(problems(withFiles(file('q8Zr4Tn2Wv7Lk1Xp9Bd6Hs3Mf5Jc0Ye')), noSecretLiterals)).toEqual(['dist/prod/apps/web/secret-web-sealed.yaml: stringData.SIGNING_KEY_ID: its value looks like a randomly generated secret (high-entropy token)']);
  });
});

describe('no-secret-literals', () => {
  it('passes env from secretKeyRef, and names that only mention a credential (TOKEN_URL)', () => {
    const files = withChange(DEPLOYMENT, (d) => (at(d, 'spec', 'template', 'spec', 'containers', 0)['env'] = [
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'PASSWORD_FILE', value: '/run/secrets/db' },
      { name: 'TOKEN_TTL', value: '3600' },
    ]));
    expect(problems(files, noSecretLiterals)).toEqual([]);
  });

  it('fails when env holds a literal password', () => {
    const files = withChange(DEPLOYMENT, (d) => (at(d, 'spec', 'template', 'spec', 'containers', 0)['env'] = [{ name: 'DB_PASSWORD', value: 'hunter2' }]));
    const found = problems(files, noSecretLiterals);
    expect(found).toEqual(['dist/prod/apps/web/deployment-web.yaml: container web env DB_PASSWORD (spec.template.spec.containers[0].env[0]): its name suggests a credential and it has a literal value']);
    expect(found.join()).not.toContain('hunter2');
  });

  it('fails when a ConfigMap value looks like a credential whatever its key', () => {
    const files = withChange(CONFIG_MAP, (c) => (at(c, 'data')['DATABASE_URL'] = 'postgres://app:hunter2@db:5432/app'));
    expect(problems(files, noSecretLiterals)).toEqual(['dist/prod/apps/web/configmap-web.yaml: data.DATABASE_URL: its value looks like a password in a URL']);
  });

  it('fails when a Helm value holds a literal password, and passes an existingSecret reference', () => {
    const helm = (values: Record<string, unknown>): FixtureFile => [
      'argocd/application-monitoring.yaml',
      application('monitoring', 'dist/prod/platform/monitoring', 0, { source: undefined, sources: [{ repoURL: 'https://charts.example.com', chart: 'grafana', targetRevision: '1.0.0', helm: { valuesObject: values } }] }),
    ];
    expect(problems(withFiles(helm({ admin: { existingSecret: 'grafana-admin', passwordKey: 'password' } })), noSecretLiterals)).toEqual([]);
    expect(problems(withFiles(helm({ grafana: { adminPassword: 'prom-operator' } })), noSecretLiterals)).toEqual([
      'dist/prod/argocd/application-monitoring.yaml: Helm value grafana.adminPassword of chart grafana: its name suggests a credential and it has a literal value',
    ]);
  });
});
