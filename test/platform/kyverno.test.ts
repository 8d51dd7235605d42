import { describe, expect, it } from 'vitest';
import { EXEMPTION_ANNOTATION_PREFIX } from '../../charts/platform/kyverno/kyverno-policy';
import { KYVERNO_NAMESPACE } from '../../charts/lib/platform-names';
import { HELM_CHARTS } from '../../charts/lib/versions';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderRepository } from '../support/repo';
import { applicationOf, at, environmentConfig, helmSourceOf, objectOf, objectsOf, productionEnvironment, renderVariant, sourcesOf, syncWaveOf, type ApplicationObject } from '../support/platform';

interface Rule {
  readonly name: string;
  readonly match: { any: Array<{ resources: { kinds: string[] } }> };
  readonly exclude?: { any: Array<{ resources: { namespaces: string[] } }> };
  readonly validate?: { failureAction: string; pattern?: { spec: { containers: Array<{ image?: string }> } }; podSecurity?: { level: string; version: string } };
  readonly verifyImages?: Array<Record<string, unknown> & { failureAction: string; imageReferences: string[]; attestors: Array<{ entries: Array<Record<string, unknown>> }> }>;
}
interface PolicyObject extends KubeObject {
  readonly spec: { validationFailureAction: string; background: boolean; rules: Rule[] };
}

const POLICIES = ['pod-security-restricted', 'require-image-digest', 'require-requests-limits', 'restrict-image-registries', 'verify-image-signatures'];

/** Kyverno's string pattern: `a | b` alternatives, leading `!` negates, `*` and `?` wildcards. */
function kyvernoMatches(pattern: string, value: string): boolean {
  return pattern.split('|').some((alternative) => {
    const trimmed = alternative.trim();
    const negated = trimmed.startsWith('!');
    const glob = negated ? trimmed.slice(1) : trimmed;
    const regex = new RegExp(`^${glob.replace(/[.+^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return regex.test(value) !== negated;
  });
}

function excluded(rule: Rule): string[] {
  return rule.exclude?.any.flatMap((a) => a.resources.namespaces) ?? [];
}

function applicationImages(env: RenderedEnvironment): string[] {
  return env.objects
    .filter((o) => o.folder.startsWith('apps/') && o.object.kind === 'Deployment')
    .flatMap((o) => (at(o.object, 'spec.template.spec.containers') as Array<{ image: string }>).map((c) => c.image));
}

const environments = await renderRepository();

describe.each(environments.map((env) => [env.environment, env] as const))('Kyverno in %s', (name, env) => {
  const platform = environmentConfig(name).platform;
  const app = applicationOf(env, 'kyverno');
  const helm = helmSourceOf(app);
  const policy = (policyName: string) => objectOf<PolicyObject>(env, 'ClusterPolicy', policyName);

  it('installs the pinned chart with its CRDs by server-side apply (the CRDs exceed the annotation limit)', () => {
    expect({ repoURL: helm.repoURL, chart: helm.chart, version: helm.targetRevision }).toEqual(HELM_CHARTS.kyverno);
    expect(at(helm.helm.valuesObject, 'crds.install')).toBe(true);
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(app.spec.destination.namespace).toBe(KYVERNO_NAMESPACE);
    expect(at(helm.helm.valuesObject, 'admissionController.replicas')).toBe(platform.kyverno.replicas);
  });

  it('renders its own ClusterPolicies (not the kyverno-policies chart), after the CRDs', () => {
    expect(objectsOf(env, 'ClusterPolicy').map((p) => p.metadata.name).sort()).toEqual(POLICIES);
    for (const p of objectsOf(env, 'ClusterPolicy')) {
      expect(p.apiVersion).toBe('kyverno.io/v1');
      expect(syncWaveOf(p)).toBe(1);
      expect(p.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    }
    const charts = objectsOf<ApplicationObject>(env, 'Application').flatMap((a) => sourcesOf(a).map((s) => s.chart));
    expect(charts).not.toContain('kyverno-policies');
  });

  it('requires digests and forbids latest in every environment, always enforced', () => {
    const digest = policy('require-image-digest');
    expect(digest.spec.validationFailureAction).toBe('Enforce');
    expect(digest.spec.rules.map((r) => [r.name, r.validate?.failureAction])).toEqual([
      ['require-digest', 'Enforce'],
      ['disallow-latest-tag', 'Enforce'],
      ['disallow-latest-tag-with-digest', 'Enforce'],
    ]);
    const patterns = digest.spec.rules.map((r) => r.validate?.pattern?.spec.containers[0]?.image ?? '');
    for (const image of applicationImages(env)) expect(patterns.every((p) => kyvernoMatches(p, image)), image).toBe(true);
    expect(kyvernoMatches(patterns[0]!, 'registry.example.com/storefront/web:1.2.3')).toBe(false);
    expect(kyvernoMatches(patterns[1]!, 'registry.example.com/storefront/web:latest')).toBe(false);
    expect(kyvernoMatches(patterns[2]!, `registry.example.com/storefront/web:latest@sha256:${'a'.repeat(64)}`)).toBe(false);
  });

  it(`verifies cosign signatures with ${platform.kyverno.imageVerification.failureAction}, as the overlay says, without mutating digests`, () => {
    const verify = policy('verify-image-signatures');
    const rule = verify.spec.rules[0]!.verifyImages![0]!;
    expect(rule.failureAction).toBe(platform.kyverno.imageVerification.failureAction);
    // An unsigned image never reaches production: only other environments may merely audit.
    if (name === productionEnvironment()) expect(rule.failureAction).toBe('Enforce');
    expect(verify.spec.validationFailureAction).toBe(rule.failureAction);
    expect(rule).toMatchObject({ mutateDigest: false, verifyDigest: true, required: true });
    expect(rule.imageReferences).toEqual(platform.allowedRegistries.map((r) => `${r}/*`));
    expect(rule.attestors[0]?.entries[0]?.['keyless']).toMatchObject({ issuer: platform.kyverno.imageVerification.keyless?.issuer, subject: platform.kyverno.imageVerification.keyless?.subject });
  });

  it('allows only the overlay\'s registries, and the applications comply', () => {
    const pattern = policy('restrict-image-registries').spec.rules[0]!.validate!.pattern!.spec.containers[0]!.image!;
    expect(pattern).toBe(platform.allowedRegistries.map((r) => `${r}/*`).join(' | '));
    for (const image of applicationImages(env)) expect(kyvernoMatches(pattern, image), image).toBe(true);
    expect(kyvernoMatches(pattern, 'docker.io/library/nginx@sha256:0')).toBe(false);
    expect(kyvernoMatches(pattern, 'registry.example.com.evil.io/x@sha256:0')).toBe(false);
  });

  it('requires requests and a memory limit', () => {
    const pattern = policy('require-requests-limits').spec.rules[0]!.validate!.pattern as unknown;
    expect(at(pattern, 'spec.containers')).toEqual([{ resources: { requests: { cpu: '?*', memory: '?*' }, limits: { memory: '?*' } } }]);
  });

  it(`applies Pod Security restricted at ${platform.tenancy.podSecurityVersion ?? 'latest'} to application namespaces`, () => {
    const rule = policy('pod-security-restricted').spec.rules[0]!;
    expect(rule.validate?.podSecurity).toEqual({ level: 'restricted', version: platform.tenancy.podSecurityVersion ?? 'latest' });
    expect(rule.validate?.failureAction).toBe(platform.kyverno.failureAction);
  });

  it('matches Pods everywhere and never exempts an application namespace', () => {
    const appNamespaces = env.objects.filter((o) => o.folder.startsWith('apps/')).map((o) => o.object.metadata.namespace);
    for (const p of objectsOf<PolicyObject>(env, 'ClusterPolicy')) {
      for (const rule of p.spec.rules) {
        expect(rule.match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
        for (const namespace of appNamespaces) expect(excluded(rule), `${p.metadata.name}/${rule.name}`).not.toContain(namespace);
      }
    }
  });

  it('gives every exempted namespace a written reason on the policy', () => {
    for (const p of objectsOf<PolicyObject>(env, 'ClusterPolicy')) {
      for (const namespace of new Set(p.spec.rules.flatMap(excluded))) {
        expect(p.metadata.annotations?.[`${EXEMPTION_ANNOTATION_PREFIX}${namespace}`], `${p.metadata.name}: ${namespace}`).toMatch(/^\S.{20,}$/);
      }
    }
  });

  it('has a deliberate policy decision for every platform namespace it renders', () => {
    const decided = new Set(objectsOf<PolicyObject>(env, 'ClusterPolicy').flatMap((p) => Object.keys(p.metadata.annotations ?? {}).filter((k) => k.startsWith(EXEMPTION_ANNOTATION_PREFIX)).map((k) => k.slice(EXEMPTION_ANNOTATION_PREFIX.length))));
    const platformNamespaces = env.objects.filter((o) => o.object.kind === 'Namespace' && o.folder !== 'platform/tenancy').map((o) => o.object.metadata.name);
    expect(platformNamespaces.length).toBeGreaterThan(3);
    for (const namespace of platformNamespaces) expect(decided, namespace).toContain(namespace);
  });

  it('keeps ingress-nginx (digest-pinned upstream) under the digest rule', () => {
    expect(excluded(policy('require-image-digest').spec.rules[0]!)).not.toContain('ingress-nginx');
    expect(excluded(policy('require-image-digest').spec.rules[0]!)).toContain('cert-manager');
  });
});

describe('Kyverno variants', () => {
  it('verifies with a public key when the overlay gives one', () => {
    const publicKey = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.kyverno.imageVerification = { failureAction: 'Enforce', publicKey };
    });
    const entry = objectOf<PolicyObject>(env, 'ClusterPolicy', 'verify-image-signatures').spec.rules[0]!.verifyImages![0]!.attestors[0]!.entries[0]!;
    expect(entry['keys']).toMatchObject({ publicKeys: publicKey });
    expect(entry).not.toHaveProperty('keyless');
  });

  it('exempts Traefik from the digest rule (its chart references images by tag) when it is the controller', () => {
    const env = renderVariant(productionEnvironment(), (platform) => {
      platform.ingress.controller = 'traefik';
    });
    const digest = objectOf<PolicyObject>(env, 'ClusterPolicy', 'require-image-digest');
    expect(excluded(digest.spec.rules[0]!)).toContain('traefik');
    expect(excluded(digest.spec.rules[0]!)).not.toContain('ingress-nginx');
  });

  it('fails when the pinned Pod Security version is one Kyverno does not know', () => {
    expect(() =>
      renderVariant(productionEnvironment(), (platform) => {
        platform.tenancy.podSecurityVersion = 'v1.99';
      }),
    ).toThrow("tenancy.podSecurityVersion: Kyverno 1.19 has no Pod Security version 'v1.99'");
  });
});
