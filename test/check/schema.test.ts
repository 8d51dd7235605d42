import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_SCHEMA_DIR, resolveSchemaDir, SchemaValidator, type SchemaFinding } from '../../src/check/schema';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtureSchemaDir = path.join(repoRoot, 'test/fixtures/schema/minimal');

/** "path: message" lines, which make failing assertions easy to read. */
function problems(findings: readonly SchemaFinding[]): string[] {
  return findings.map((finding) => `${finding.path}: ${finding.message}`);
}

describe('SchemaValidator with the schemas the repository ships (imports/schemas, generated from the pins)', () => {
  let validator: SchemaValidator;
  beforeAll(() => {
    validator = SchemaValidator.load(REPOSITORY_SCHEMA_DIR);
  });

  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 2 as unknown,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: 268435456 } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            } as Record<string, unknown>,
          ],
        },
      },
    },
  });

  describe('Kubernetes built-ins', () => {
    it('accepts a valid Deployment, Service, Namespace and NetworkPolicy', () => {
      const objects = [
        deployment(),
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'web' },
          spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'default-deny', namespace: 'web' },
          spec: {
            podSelector: {},
            policyTypes: ['Ingress', 'Egress'],
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'ingress' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
          },
        },
      ];
      for (const object of objects) expect(problems(validator.validate(object)), object.kind).toEqual([]);
    });

    it('reports an unknown field nested in a container, with its path and the object it belongs to', () => {
      const object = deployment();
      object.spec.template.spec.containers[0] = { ...object.spec.template.spec.containers[0], foo: 'bar' };
      expect(validator.validate(object)).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          namespace: 'web',
          path: '/spec/template/spec/containers/0/foo',
          message: 'unknown field "foo"',
        },
      ]);
    });

    it('reports a wrong type with the expected type and the value it got', () => {
      const object = deployment();
      object.spec.replicas = 'two';
      expect(problems(validator.validate(object))).toEqual(['/spec/replicas: must be integer, got "two"']);
    });

    it('accepts Service targetPort as a port name and as a number (int-or-string), nothing else', () => {
      const service = (targetPort: unknown) => ({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { ports: [{ port: 80, targetPort }] },
      });
      expect(validator.validate(service('http'))).toEqual([]);
      expect(validator.validate(service(8080))).toEqual([]);
      expect(problems(validator.validate(service(true)))).toEqual([
        '/spec/ports/0/targetPort: must be string or integer, got true',
      ]);
    });

    it('rejects an unknown metadata field', () => {
      const object = { ...deployment(), metadata: { name: 'web', lables: { app: 'web' } } };
      expect(problems(validator.validate(object))).toEqual(['/metadata/lables: unknown field "lables"']);
    });
  });

  describe('kinds without a schema', () => {
    it('reports an unknown kind instead of passing it', () => {
      const object = { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' } };
      expect(validator.hasSchemaFor('example.com/v1', 'Gizmo')).toBe(false);
      expect(validator.validate(object)).toEqual([
        { apiVersion: 'example.com/v1', kind: 'Gizmo', name: 'g', path: '', message: 'no schema for example.com/v1 Gizmo' },
      ]);
    });

    it('reports a built-in kind under a version Kubernetes 1.28 does not have', () => {
      expect(problems(validator.validate({ apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: { name: 'd' } }))).toEqual([
        ': no schema for apps/v1beta1 Deployment',
      ]);
    });

    it('reports a CRD version that the pinned CRD no longer serves', () => {
      const [finding] = validator.validate({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'x' } });
      expect(finding?.message).toMatch(/^no schema for external-secrets.io\/v1beta1 ExternalSecret \(.*served: v1\)$/);
    });

    it('knows which kinds it has schemas for', () => {
      expect(validator.hasSchemaFor('apps/v1', 'Deployment')).toBe(true);
      expect(validator.hasSchemaFor('v1', 'Service')).toBe(true);
      expect(validator.hasSchemaFor('argoproj.io/v1alpha1', 'Application')).toBe(true);
      expect(validator.hasSchemaFor('v1', 'Deployment')).toBe(false);
    });
  });

  describe('custom resources', () => {
    const application = () => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] } as Record<string, unknown>,
      spec: {
        project: 'apps',
        source: { repoURL: 'https://github.com/example-org/gitops-platform.git', path: 'dist/dev/apps/web', targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
          syncOptions: ['CreateNamespace=false'],
        },
      } as Record<string, unknown>,
    });

    it('accepts a valid Argo CD Application', () => {
      expect(problems(validator.validate(application()))).toEqual([]);
    });

    it('rejects an Argo CD Application with an unknown spec field', () => {
      const object = application();
      object.spec.autoSync = true;
      expect(problems(validator.validate(object))).toEqual(['/spec/autoSync: unknown field "autoSync"']);
    });

    it('checks custom resource metadata against ObjectMeta', () => {
      const object = application();
      object.metadata.label = { app: 'web' };
      expect(problems(validator.validate(object))).toEqual(['/metadata/label: unknown field "label"']);
    });

    it('accepts a cert-manager ClusterIssuer', () => {
      const object = {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: 'letsencrypt' },
        spec: {
          acme: {
            server: 'https://acme-v02.api.letsencrypt.org/directory',
            email: 'platform@example.org',
            privateKeySecretRef: { name: 'letsencrypt-account-key' },
            solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
          },
        },
      };
      expect(problems(validator.validate(object))).toEqual([]);
    });

    it('accepts an ExternalSecret (external-secrets.io/v1)', () => {
      const object = {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'db', namespace: 'web' },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
          target: { name: 'db', creationPolicy: 'Owner' },
          data: [{ secretKey: 'password', remoteRef: { key: 'web/db', property: 'password' } }],
        },
      };
      expect(problems(validator.validate(object))).toEqual([]);
    });

    it('accepts a Velero Schedule', () => {
      const object = {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: 'daily', namespace: 'velero' },
        spec: {
          schedule: '0 3 * * *',
          useOwnerReferencesInBackup: false,
          template: { includedNamespaces: ['*'], snapshotVolumes: true, ttl: '720h0m0s', storageLocation: 'default' },
        },
      };
      expect(problems(validator.validate(object))).toEqual([]);
    });

    it('accepts a Kyverno ClusterPolicy', () => {
      const object = {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'require-app-label', annotations: { 'policies.kyverno.io/title': 'Require app label' } },
        spec: {
          background: true,
          rules: [
            {
              name: 'check-app-label',
              match: { any: [{ resources: { kinds: ['Deployment', 'StatefulSet'] } }] },
              validate: {
                failureAction: 'Enforce',
                message: 'The label app.kubernetes.io/name is required.',
                pattern: { metadata: { labels: { 'app.kubernetes.io/name': '?*' } } },
              },
            },
          ],
        },
      };
      expect(problems(validator.validate(object))).toEqual([]);
    });

    it('explains a Kyverno rule that breaks a oneOf constraint', () => {
      const object = {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'p' },
        spec: {
          rules: [
            {
              name: 'r',
              context: [{ name: 'c' }],
              match: { any: [{ resources: { kinds: ['Pod'] } }] },
              validate: { failureAction: 'Audit', pattern: { metadata: { name: '?*' } } },
            },
          ],
        },
      };
      expect(problems(validator.validate(object))).toEqual([
        '/spec/rules/0/context/0: must set exactly one of "configMap", "apiCall", "imageRegistry", "variable", "globalReference"',
      ]);
    });

    it('accepts a prometheus-operator ServiceMonitor and names allowed values of an enum it breaks', () => {
      const object = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'web', namespace: 'web', labels: { release: 'kube-prometheus-stack' } },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          namespaceSelector: { matchNames: ['web'] },
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' as string }],
        },
      };
      expect(problems(validator.validate(object))).toEqual([]);
      object.spec.endpoints[0]!.scheme = 'ftp';
      const [message] = problems(validator.validate(object));
      expect(message).toMatch(/^\/spec\/endpoints\/0\/scheme: must be one of .*"https".*, got "ftp"$/);
    });
  });
});

describe('SchemaValidator on a small fixture schema dir (always runs)', () => {
  let validator: SchemaValidator;
  beforeAll(() => {
    validator = SchemaValidator.load(fixtureSchemaDir);
  });

  const widget = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'w' }) => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata,
    spec,
  });

  it('finds a CRD whose file starts with a "---" separator', () => {
    expect(validator.hasSchemaFor('example.com/v1', 'Widget')).toBe(true);
    expect(validator.validate(widget({}))).toEqual([]);
  });

  it('finds a CRD whose spec lists versions before group and names', () => {
    expect(problems(validator.validate({ apiVersion: 'example.com/v1alpha1', kind: 'Gadget', metadata: { name: 'g' }, spec: { color: 'red' } }))).toEqual([]);
    expect(problems(validator.validate({ apiVersion: 'example.com/v1alpha1', kind: 'Gadget', metadata: { name: 'g' }, spec: { colour: 'red' } }))).toEqual([
      '/spec/colour: unknown field "colour"',
    ]);
  });

  it('does not serve a version marked served: false', () => {
    expect(validator.hasSchemaFor('example.com/v1beta1', 'Widget')).toBe(false);
  });

  it('accepts x-kubernetes-int-or-string fields as integer or string', () => {
    expect(validator.validate(widget({ size: 3 }))).toEqual([]);
    expect(validator.validate(widget({ size: '50%' }))).toEqual([]);
    expect(problems(validator.validate(widget({ size: 1.5 })))).toEqual(['/spec/size: must be integer or string, got 1.5']);
  });

  it('accepts null only where the schema says nullable', () => {
    expect(validator.validate(widget({ note: null }))).toEqual([]);
    expect(problems(validator.validate(widget({ mode: null })))).toEqual(['/spec/mode: must be string, got null']);
  });

  it('reads the unquoted "=" enum value as the string "="', () => {
    expect(validator.validate(widget({ mode: '=' }))).toEqual([]);
    expect(problems(validator.validate(widget({ mode: 'slow' })))).toEqual(['/spec/mode: must be one of "fast", "=", got "slow"']);
  });

  it('checks date-time, tolerates unknown formats and understands Go inline regexp flags', () => {
    expect(validator.validate(widget({ since: '2024-01-02T03:04:05Z', interval: 'whatever', day: 'MONDAY' }))).toEqual([]);
    expect(problems(validator.validate(widget({ since: 'yesterday', day: 'sunday' })))).toEqual([
      '/spec/day: must match /^(?i)(mon|tue)day$/, got "sunday"',
      '/spec/since: must be a valid date-time, got "yesterday"',
    ]);
  });

  it('keeps a property that happens to be named "description"', () => {
    expect(validator.validate(widget({ description: 'a widget' }))).toEqual([]);
  });

  it('allows unknown fields under x-kubernetes-preserve-unknown-fields but still checks the declared ones', () => {
    expect(validator.validate(widget({ extra: { known: 'k', anything: { goes: [1, 2] } } }))).toEqual([]);
    expect(problems(validator.validate(widget({ extra: { known: 1 } })))).toEqual(['/spec/extra/known: must be string, got 1']);
  });

  it('allows apiVersion, kind and metadata in an x-kubernetes-embedded-resource, and checks that metadata', () => {
    const template = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, spec: { free: 'form' } };
    expect(validator.validate(widget({ template }))).toEqual([]);
    expect(problems(validator.validate(widget({ template: { ...template, status: {} } })))).toEqual([
      '/spec/template/status: unknown field "status"',
    ]);
    expect(problems(validator.validate(widget({ template: { ...template, metadata: { nam: 'c' } } })))).toEqual([
      '/spec/template/metadata/nam: unknown field "nam"',
    ]);
  });

  it('requires apiVersion and kind to be the ones looked up, and metadata to be ObjectMeta', () => {
    expect(problems(validator.validate(widget({}, { name: 'w', owner: 'me' })))).toEqual(['/metadata/owner: unknown field "owner"']);
    expect(problems(validator.validate({ kind: 'Widget', metadata: { name: 'w' } }))).toEqual(['/apiVersion: missing required field "apiVersion"']);
  });

  it('validates built-ins from the definitions file, including format: int-or-string', () => {
    const configMap = (port: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { a: 'b' }, port });
    expect(validator.validate(configMap(80))).toEqual([]);
    expect(validator.validate(configMap('http'))).toEqual([]);
    expect(validator.validate({ ...configMap(80), binaryData: {} })).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'n', path: '/binaryData', message: 'unknown field "binaryData"' },
    ]);
  });
});

describe('resolveSchemaDir', () => {
  const temporaryDirs: string[] = [];
  const makeDir = (): string => {
    const dir = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'schema-dir-'));
    temporaryDirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prefers the flag over everything else', () => {
    const flag = makeDir();
    expect(resolveSchemaDir({ flag, env: { GITOPS_SCHEMA_DIR: makeDir() }, generatedDir: makeDir() })).toEqual({ dir: flag, source: 'flag' });
  });

  it('uses GITOPS_SCHEMA_DIR when there is no flag', () => {
    const fromEnv = makeDir();
    expect(resolveSchemaDir({ env: { GITOPS_SCHEMA_DIR: fromEnv }, generatedDir: makeDir() })).toEqual({ dir: fromEnv, source: 'env' });
  });

  it('otherwise uses the generated schemas, by default the ones in this repository', () => {
    const generatedDir = makeDir();
    expect(resolveSchemaDir({ env: {}, generatedDir })).toEqual({ dir: generatedDir, source: 'generated' });
    expect(resolveSchemaDir({ env: { GITOPS_SCHEMA_DIR: '' } })).toEqual({ dir: path.join(repoRoot, 'imports/schemas'), source: 'generated' });
  });

  it('returns a named dir even when it does not exist, so loading it fails loudly', () => {
    const missing = path.join(makeDir(), 'missing');
    expect(resolveSchemaDir({ flag: missing, env: {} })).toEqual({ dir: missing, source: 'flag' });
    expect(existsSync(missing)).toBe(false);
  });
});
