import { DIGEST, REPO_URL, type FixtureFile, type Manifest } from './dist-fixture';

// A small production environment that passes every rule: one application `web` with everything
// the checklist asks for. Rule tests break one thing in it and expect exactly that to be caught.

const labels = { 'app.kubernetes.io/name': 'web' };

export function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'web',
    image: `registry.example.com/storefront/web@${DIGEST}`,
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...overrides,
  };
}

export function deployment(overrides: { name?: string; replicas?: number | undefined; labels?: Record<string, string>; podSpec?: Record<string, unknown>; annotations?: Record<string, string> } = {}): Manifest {
  const podLabels = overrides.labels ?? labels;
  const replicas = 'replicas' in overrides ? overrides.replicas : 3;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: overrides.name ?? 'web', namespace: 'web', labels: podLabels, ...(overrides.annotations ? { annotations: overrides.annotations } : {}) },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          serviceAccountName: 'web',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: podLabels } }],
          containers: [container()],
          ...overrides.podSpec,
        },
      },
    },
  };
}

export function application(name: string, path: string, wave: number, extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } },
    spec: { project: 'platform', destination: { server: 'https://kubernetes.default.svc', namespace: name }, source: { repoURL: REPO_URL, targetRevision: 'main', path }, ...extra },
  };
}

export function compliantEnvironment(): FixtureFile[] {
  return [
    ['root.yaml', application('root', 'dist/prod/argocd', 0)],
    ['argocd/application-tenancy.yaml', application('tenancy', 'dist/prod/platform/tenancy', -2)],
    ['argocd/application-web.yaml', application('web', 'dist/prod/apps/web', 10)],
    [
      'platform/tenancy/namespace-web.yaml',
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'web',
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'v1.28',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      },
    ],
    [
      'platform/tenancy/networkpolicy-web-default-deny.yaml',
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'web' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    ],
    ['apps/web/deployment-web.yaml', deployment()],
    ['apps/web/serviceaccount-web.yaml', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'web' }, automountServiceAccountToken: false }],
    [
      'apps/web/service-web.yaml',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'web', labels }, spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    ],
    [
      'apps/web/ingress-web.yaml',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
        spec: {
          ingressClassName: 'traefik',
          tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
          rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
        },
      },
    ],
    ['apps/web/poddisruptionbudget-web.yaml', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } }],
    [
      'apps/web/networkpolicy-web.yaml',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web', namespace: 'web' },
        spec: {
          podSelector: { matchLabels: labels },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }], ports: [{ port: 8080 }] }],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
        },
      },
    ],
    ['apps/web/configmap-web.yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'web' }, data: { LOG_LEVEL: 'info', TOKEN_URL: 'https://auth.example.com/token' } }],
  ];
}

/** The compliant environment with one file's object changed (deep copy: fixtures never leak between tests). */
export function withChange(file: string, change: (object: Manifest) => void, files: FixtureFile[] = compliantEnvironment()): FixtureFile[] {
  if (!files.some(([f]) => f === file)) throw new Error(`fixture has no ${file}`);
  return files.map(([f, object]) => {
    if (f !== file) return [f, object];
    const copy = structuredClone(object);
    change(copy);
    return [f, copy];
  });
}

/** The compliant environment plus extra files. */
export function withFiles(...extra: FixtureFile[]): FixtureFile[] {
  return [...compliantEnvironment(), ...extra];
}

/** The compliant environment without some files. */
export function without(...files: string[]): FixtureFile[] {
  return compliantEnvironment().filter(([file]) => !files.includes(file));
}

/** Reads a nested record of a fixture for in-place edits. */
export function at(object: Record<string, unknown>, ...keys: (string | number)[]): Record<string, unknown> {
  let current: unknown = object;
  for (const key of keys) current = (current as Record<string | number, unknown>)[key];
  return current as Record<string, unknown>;
}
