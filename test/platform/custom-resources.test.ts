import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { CrdSchemas } from '../support/crd-schemas';
import { renderRepository } from '../support/repo';
import { firstEnvironment, productionEnvironment, renderVariant, renderVariantWithoutAppSecrets } from '../support/platform';
import { upstreamFolder } from '../support/upstream';

const crds = upstreamFolder('crds', 'Custom resource tests (strict CRD schemas, API-server defaulting)');

/** API groups served by Kubernetes itself (validated by the k8s schema, not by a CRD). */
const BUILT_IN = /^(v1|(apps|batch|policy|autoscaling|[a-z.]*\.k8s\.io)\/[a-z0-9]+)$/;

function customResources(env: RenderedEnvironment) {
  return env.objects.filter((o) => !BUILT_IN.test(o.object.apiVersion));
}

describe.skipIf(!crds.available)('custom resources against the pinned upstream CRDs', async () => {
  // Built lazily: a skipped suite's body still runs while tests are collected.
  let loaded: CrdSchemas | undefined;
  const schemas = { check: (object: Parameters<CrdSchemas['check']>[0]) => (loaded ??= new CrdSchemas(crds.dir)).check(object) };
  const environments = await renderRepository();
  // Variants the overlays do not use, so their objects are checked too.
  const variants: RenderedEnvironment[] = [
    renderVariant(productionEnvironment(), (p) => {
      p.ingress.controller = 'traefik';
      p.certManager.dns01 = {
        zones: ['staging.example.com'],
        route53: { region: 'eu-central-1', hostedZoneID: 'Z0123456789ABC', role: 'arn:aws:iam::123456789012:role/dns', accessKeyID: { remoteKey: 'platform/a/b', property: 'id' }, secretAccessKey: { remoteKey: 'platform/a/b', property: 'key' } },
      };
      p.kyverno.imageVerification = { failureAction: 'Enforce', publicKey: '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n' };
    }),
    renderVariant(firstEnvironment(), (p) => {
      p.certManager.dns01 = { zones: ['dev.example.com'], followCNAME: true, rfc2136: { nameserver: '10.0.0.53:53', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA256', tsigSecret: { remoteKey: 'platform/a/b', property: 's' } } };
    }),
    // A Vault behind a private CA: only the platform's ClusterSecretStore can read the CA (application SecretStores refuse it).
    renderVariantWithoutAppSecrets(productionEnvironment(), (p) => {
      p.externalSecrets.vault.caProvider = { type: 'Secret', name: 'vault-ca', key: 'ca.crt', namespace: 'external-secrets' };
    }),
  ].map((v, i) => ({ ...v, name: `variant-${i + 1}` }));

  describe.each([...environments, ...variants].map((env) => [env.environment, env] as const))('%s', (_name, env) => {
    const resources = customResources(env);

    it('renders the custom resources this issue adds', () => {
      const kinds = new Set(resources.map((o) => o.object.kind));
      for (const kind of ['Application', 'AppProject', 'ClusterIssuer', 'ClusterSecretStore', 'ClusterPolicy', 'ExternalSecret']) expect(kinds).toContain(kind);
    });

    it('validates every custom resource strictly against its CRD (unknown fields are errors)', () => {
      const problems = resources.flatMap((o) => schemas.check(o.object).errors.map((e) => `${o.file}: ${e}`));
      expect(problems).toEqual([]);
    });

    it('renders every field the CRD would default, so the live object equals Git (no Argo CD drift)', () => {
      const defaulted = resources.flatMap((o) => schemas.check(o.object).defaulted.map((pointer) => `${o.file}: ${pointer}`));
      expect(defaulted).toEqual([]);
    });
  });

  it('fails when a custom resource has a misspelt field or a wrong type (the validator is strict)', () => {
    const issuer = schemas.check({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'x' }, spec: { acme: { server: 'https://x', privateKeySecretRef: { name: 'k' }, solver: [] } } } as never);
    expect(issuer.errors).toEqual(["/spec/acme must NOT have additional properties 'solver'"]);
    const rule = schemas.check({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up', fore: '5m' }] }] } } as never);
    expect(rule.errors).toEqual(["/spec/groups/0/rules/0 must NOT have additional properties 'fore'"]);
    const schedule = schemas.check({ apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'x' }, spec: { schedule: 5, template: {} } } as never);
    expect(schedule.errors).toEqual(['/spec/schedule must be string']);
  });
});
