import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { defineApp, type AppDefinition } from '../../charts/lib/app-definition';
import { ApplicationChart } from '../../charts/lib/application-chart';
import { readSealedSecret } from '../../charts/lib/sealed-secret';
import { evaluatePodSecurity, podTemplateOf } from '../../src/check/pod-security/index';
import { definedAppFiles, loadAppCatalog } from '../../src/app-catalog';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import { collectObjects } from '../../src/render/collect-objects';
import { renderEnvironment, type RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject, RenderedObject } from '../../src/render/rendered-object';
import { fixtureCatalog, fixtureConfig, fixtureConfigs, renderFixture } from '../support/fixture-repository';
import { REPO_ROOT, renderRepository } from '../support/repo';

// Loose shapes of the rendered objects, for reading them in assertions.
interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  ports?: Array<{ name: string; containerPort: number }>;
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  volumes?: Array<{ name: string; emptyDir?: unknown }>;
  topologySpreadConstraints?: Array<{ topologyKey: string; labelSelector: { matchLabels: Record<string, string> } }>;
  runtimeClassName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Array<Record<string, string>>;
}
interface Deployment extends KubeObject {
  spec: { replicas?: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec } };
}

const environments = await renderRepository();
const catalog = await loadAppCatalog(REPO_ROOT);
const definitions = [...catalog.values()].map((entry) => entry.definition);
const configs = loadOverlays({ root: REPO_ROOT, definedApps: definedAppFiles(catalog) });

const fixtureEnvironments = await renderFixture();
const fixtureDefinitions = [...fixtureCatalog.values()].map((entry) => entry.definition);

function objectsIn(rendered: readonly RenderedEnvironment[], env: string, app: string): KubeObject[] {
  return rendered.find((e) => e.environment === env)!.objects.filter((o) => o.folder === `apps/${app}`).map((o) => o.object);
}

/** The objects of one app of the real repository (the per-app properties hold for whatever apps exist). */
function appObjects(env: string, app: string): KubeObject[] {
  return objectsIn(environments, env, app);
}

/** The objects of one app of the fixture repository (shop, ledger, settle). */
function fixtureObjects(env: string, app: string): KubeObject[] {
  return objectsIn(fixtureEnvironments, env, app);
}

function one<T extends KubeObject = KubeObject>(objects: readonly KubeObject[], kind: string): T {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as T;
}

function isSubset(labels: Record<string, string>, of: Record<string, string>): boolean {
  return Object.entries(labels).every(([key, value]) => of[key] === value);
}

/** Renders one app alone into an in-memory App (for cases the repository does not contain). */
function renderApp(app: AppDefinition, environment: EnvironmentConfig, apps: readonly AppDefinition[] = [app]): KubeObject[] {
  const cdk8sApp = new App();
  new ApplicationChart(cdk8sApp, { app, environment, apps });
  return collectObjects(cdk8sApp).map((o: RenderedObject) => o.object);
}

function fixtureEnvironmentWith(name: string, change: (config: EnvironmentConfig) => Partial<EnvironmentConfig>): EnvironmentConfig {
  const config = fixtureConfig(name);
  return { ...config, ...change(config) };
}

// Every app of the real repository (whatever apps it has) and of the fixture, in every environment.
const cases = [
  ...configs.flatMap((config) => definitions.map((definition) => ['repository', config.name, definition.name, config, definition] as const)),
  ...fixtureConfigs.flatMap((config) => fixtureDefinitions.map((definition) => ['fixture', config.name, definition.name, config, definition] as const)),
];

describe.each(cases)('application of the %s: %s/%s', (source, env, name, config, definition) => {
  const objects = source === 'fixture' ? fixtureObjects(env, name) : appObjects(env, name);
  const deployment = one<Deployment>(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0]!;

  it('runs the image by repository@digest from its own entry in overlays/<env>/images.yaml', () => {
    const image = config.images[name]!;
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toBe(`${image.repository}@${image.digest}`);
    expect(container.image).toMatch(/^[a-z0-9./-]+@sha256:[0-9a-f]{64}$/);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  it('passes Pod Security restricted, with the restricted fields stated on the container', () => {
    expect(evaluatePodSecurity(podTemplateOf(deployment)!, 'restricted')).toEqual([]);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext?.['runAsUser']).not.toBe(0);
  });

  it('sets CPU and memory requests and a memory limit', () => {
    expect(container.resources?.requests).toEqual({ cpu: definition.resources.cpu, memory: definition.resources.memory });
    expect(container.resources?.limits).toEqual({ memory: definition.resources.memory });
  });

  it('has readiness and liveness probes on a declared container port', () => {
    const declared = new Set((container.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe?.httpGet, 'httpGet probe').toBeDefined();
      expect(declared.has(probe!.httpGet!.port)).toBe(true);
    }
    expect(container.livenessProbe!.httpGet!.path).toBe(definition.healthPath);
    expect(container.readinessProbe!.httpGet!.path).toBe(definition.readinessPath ?? definition.healthPath);
  });

  it('selects its pods by explicit labels only (no construct-path hash)', () => {
    const selector = deployment.spec.selector.matchLabels;
    expect(selector).toEqual({ 'app.kubernetes.io/name': name });
    expect(isSubset(selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(JSON.stringify(objects)).not.toContain('cdk8s.io/metadata.addr');
  });

  it('spreads replicas over zones and hosts', () => {
    const keys = (pod.topologySpreadConstraints ?? []).map((c) => c.topologyKey).sort();
    expect(keys).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const constraint of pod.topologySpreadConstraints!) expect(constraint.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });

  it('renders replicas from the overlay, or none when an HPA owns them', () => {
    const settings = config.apps[name]!;
    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    if (settings.autoscaling) {
      expect(deployment.spec).not.toHaveProperty('replicas');
      const hpa = one(hpas, 'HorizontalPodAutoscaler') as KubeObject & { spec: Record<string, unknown> };
      expect(hpa.spec).toMatchObject({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
        minReplicas: settings.autoscaling.minReplicas,
        maxReplicas: settings.autoscaling.maxReplicas,
      });
    } else {
      expect(deployment.spec.replicas).toBe(settings.replicas);
      expect(hpas).toEqual([]);
    }
  });

  it('has a PodDisruptionBudget over its pods that allows a disruption', () => {
    const pdb = one(objects, 'PodDisruptionBudget') as KubeObject & { spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number; minAvailable?: unknown; unhealthyPodEvictionPolicy?: string } };
    expect(isSubset(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeUndefined();
    expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  it('runs as its own ServiceAccount without an automounted token', () => {
    const account = one(objects, 'ServiceAccount') as KubeObject & { automountServiceAccountToken?: boolean };
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(account.metadata.name).not.toBe('default');
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('has a Service whose selector matches its pods', () => {
    const service = one(objects, 'Service') as KubeObject & { spec: { type: string; selector: Record<string, string> } };
    expect(service.spec.type).toBe('ClusterIP');
    expect(isSubset(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
  });

  // A confidential app where the overlay configures attestation gets its secrets through the broker instead.
  const brokered = definition.confidential === true && config.platform.tee?.attestation !== undefined && (definition.secrets ?? []).length > 0;

  if (brokered) it('renders its secrets only as sealed references to its KBS resources of this environment, without Vault access', () => {
    expect(objects.filter((o) => o.kind === 'ExternalSecret' || o.kind === 'SecretStore')).toEqual([]);
    const secret = one<KubeObject & { stringData: Record<string, string> }>(objects, 'Secret');
    expect(secret.metadata.name).toBe(`${name}-sealed`);
    expect(Object.keys(secret.stringData).sort()).toEqual(definition.secrets!.map((s) => s.env).sort());
    for (const [env, value] of Object.entries(secret.stringData)) {
      const sealed = readSealedSecret(value);
      expect(sealed?.kind, env).toBe('vault');
      expect(sealed?.kind === 'vault' && sealed.secret.provider).toBe('kbs');
      expect(sealed?.kind === 'vault' && sealed.secret.name).toMatch(new RegExp(`^kbs:///${config.platform.externalSecrets.keys.environmentPrefix}/${name}/[A-Za-z0-9_.-]+$`));
    }
    for (const variable of container.env ?? []) expect(variable.valueFrom, variable.name).toEqual({ secretKeyRef: { name: secret.metadata.name, key: variable.name } });
  });

  else it('never renders a Secret; secret env comes from an ExternalSecret through the app\'s own SecretStore', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const variable of container.env ?? []) expect(variable.value, variable.name).toBeUndefined();
    const externalSecrets = objects.filter((o) => o.kind === 'ExternalSecret') as Array<KubeObject & { spec: { secretStoreRef: unknown; data: Array<{ remoteRef: { key: string } }> } }>;
    const stores = objects.filter((o) => o.kind === 'SecretStore') as Array<KubeObject & { spec: { provider: { vault: { auth: { kubernetes: { role: string; serviceAccountRef: { name: string; namespace?: string } } } } } } }>;
    const count = definition.secrets?.length ? 1 : 0;
    expect(externalSecrets).toHaveLength(count);
    expect(stores).toHaveLength(count);
    if (count === 0) return;
    const [secret, store] = [externalSecrets[0]!, stores[0]!];
    // In the app's namespace, logging in to Vault as the ServiceAccount its pods run as, with the app's own role.
    expect(store.metadata.namespace).toBe(name);
    expect(secret.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: store.metadata.name });
    expect(store.spec.provider.vault.auth.kubernetes.serviceAccountRef).toMatchObject({ name: pod.serviceAccountName });
    expect(store.spec.provider.vault.auth.kubernetes.serviceAccountRef).not.toHaveProperty('namespace');
    expect(store.spec.provider.vault.auth.kubernetes.role).toBe(`${config.platform.externalSecrets.keys.environmentPrefix}-app-${name}`);
    expect(secret.spec.data.map((d) => d.remoteRef.key)).toEqual(definition.secrets!.map((s) => `${config.platform.externalSecrets.keys.environmentPrefix}/${s.remoteKey}`));
  });
});

describe('application options', () => {
  it('exposes shop through TLS Ingress at shop.<domain> with the cert-manager ClusterIssuer', () => {
    for (const config of fixtureConfigs) {
      const ingress = one(fixtureObjects(config.name, 'shop'), 'Ingress') as KubeObject & { spec: { ingressClassName: string; tls: Array<{ hosts: string[]; secretName: string }>; rules: Array<{ host: string }> } };
      expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
      expect(ingress.spec.ingressClassName).toBe('nginx');
      expect(ingress.spec.rules.map((r) => r.host)).toEqual([`shop.${config.domain}`]);
      expect(ingress.spec.tls).toEqual([{ hosts: [`shop.${config.domain}`], secretName: 'shop-tls' }]);
    }
    // Not exposed: no Ingress.
    expect(fixtureObjects('live', 'ledger').filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  it("admits ledger's declared callers, the ingress tier for shop and monitoring on the metrics ports", () => {
    const policy = (app: string) => one(fixtureObjects('live', app), 'NetworkPolicy') as KubeObject & { spec: { ingress?: Array<{ from: Array<Record<string, { matchLabels: Record<string, string> }>>; ports: Array<{ port: number }> }>; egress?: Array<{ to: Array<Record<string, { matchLabels?: Record<string, string>; cidr?: string }>>; ports: Array<{ port: number }> }> } };
    const namespacesFrom = (app: string) => policy(app).spec.ingress!.map((rule) => [rule.from.map((peer) => peer['namespaceSelector']!.matchLabels['kubernetes.io/metadata.name']).join(','), rule.ports.map((p) => p.port).join(',')]);
    expect(namespacesFrom('ledger')).toEqual([['settle,shop', '8080'], ['monitoring', '8080']]);
    expect(namespacesFrom('shop')).toEqual([['ingress-nginx', '8080'], ['monitoring', '9090']]);
    expect(namespacesFrom('settle')).toEqual([['monitoring', '9090']]);
    // Callers get the matching egress allow; ledger reaches its database from the overlay.
    expect(policy('shop').spec.egress).toEqual([{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ledger' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ledger' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(policy('ledger').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.30.20.0/24' } }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
  });

  it('has a ServiceMonitor for a port the Service declares', () => {
    for (const app of ['shop', 'ledger', 'settle']) {
      const objects = fixtureObjects('qa', app);
      const monitor = one(objects, 'ServiceMonitor') as KubeObject & { spec: { endpoints: Array<{ port: string }>; selector: { matchLabels: Record<string, string> } } };
      const service = one(objects, 'Service') as KubeObject & { spec: { ports: Array<{ name: string }> } };
      expect(service.spec.ports.map((p) => p.name)).toContain(monitor.spec.endpoints[0]!.port);
      expect(isSubset(monitor.spec.selector.matchLabels, service.metadata.labels!)).toBe(true);
    }
  });

  it('gives the database app Velero pre-backup hooks on the pod template and a mounted dump volume', () => {
    const deployment = one<Deployment>(fixtureObjects('live', 'ledger'), 'Deployment');
    const annotations = deployment.spec.template.metadata.annotations!;
    expect(deployment.metadata.annotations ?? {}).not.toHaveProperty('pre.hook.backup.velero.io/command');
    expect(annotations['pre.hook.backup.velero.io/container']).toBe('ledger');
    expect(JSON.parse(annotations['pre.hook.backup.velero.io/command']!)).toEqual(['/bin/sh', '-c', 'pg_dump --format=custom --file=/dump/ledger.dump "$DATABASE_URL"']);
    expect(annotations['pre.hook.backup.velero.io/on-error']).toBe('Fail');
    expect(annotations['pre.hook.backup.velero.io/timeout']).toBe('10m');
    const volume = annotations['backup.velero.io/backup-volumes'];
    const pod = deployment.spec.template.spec;
    expect(pod.volumes?.find((v) => v.name === volume)?.emptyDir).toEqual({ sizeLimit: '2Gi' });
    expect(pod.containers[0]!.volumeMounts).toContainEqual({ name: volume, mountPath: '/dump' });
    // Apps without a database get no hooks.
    expect(one<Deployment>(fixtureObjects('live', 'shop'), 'Deployment').spec.template.metadata.annotations ?? {}).not.toHaveProperty('pre.hook.backup.velero.io/command');
  });

  it('places the confidential settle on the TEE pool from platform.yaml, and nothing else there', () => {
    for (const config of fixtureConfigs) {
      const tee = config.platform.tee!;
      const pod = one<Deployment>(fixtureObjects(config.name, 'settle'), 'Deployment').spec.template.spec;
      expect(pod.runtimeClassName).toBe(tee.runtimeClassName);
      expect(pod.nodeSelector).toEqual(tee.nodeSelector);
      expect(pod.tolerations).toEqual([{ key: tee.taint.key, operator: 'Equal', value: tee.taint.value, effect: tee.taint.effect }]);
      for (const other of ['shop', 'ledger']) {
        const otherPod = one<Deployment>(fixtureObjects(config.name, other), 'Deployment').spec.template.spec;
        expect(otherPod.runtimeClassName).toBeUndefined();
        expect(otherPod.tolerations).toBeUndefined();
      }
    }
  });

  it("renders one app's files independently of every other app's digest", () => {
    const qa = fixtureConfig('qa');
    const moved = { ...qa, images: { ...qa.images, ledger: { ...qa.images.ledger!, digest: `sha256:${'0'.repeat(64)}` } } };
    const before = renderEnvironment({ environment: qa, apps: fixtureDefinitions }).files;
    const after = renderEnvironment({ environment: moved, apps: fixtureDefinitions }).files;
    const changed = [...before.keys()].filter((file) => before.get(file) !== after.get(file));
    expect(changed).toEqual(['apps/ledger/deployment-ledger.yaml']);
  });
});

describe('application construct failures', () => {
  const settle = fixtureCatalog.get('settle')!.definition;
  const shop = fixtureCatalog.get('shop')!.definition;

  it('fails when a confidential app runs in an environment without a tee section', () => {
    const environment = fixtureEnvironmentWith('dev', (c) => ({ platform: { ...c.platform, tee: undefined } }));
    expect(() => renderApp(settle, environment)).toThrow("app 'settle' is confidential, but overlays/dev/platform.yaml has no tee section");
  });

  it('fails when an app has no image entry, naming the file and key', () => {
    const environment = fixtureEnvironmentWith('live', (c) => ({ images: Object.fromEntries(Object.entries(c.images).filter(([app]) => app !== 'shop')) }));
    expect(() => renderApp(shop, environment)).toThrow('overlays/live/images.yaml: images.shop is missing');
  });

  it('fails when callers names an app that does not exist', () => {
    const app = defineApp({ name: 'shop', team: 'shopfront', port: 8080, healthPath: '/healthz', resources: { cpu: '100m', memory: '128Mi' }, callers: ['checkout'] });
    expect(() => renderApp(app, fixtureConfigs[0]!)).toThrow("app 'shop': callers lists 'checkout', expected one of the apps in charts/apps/: shop");
  });

  it('fails when a definition puts a secret-looking value into config, or has invalid fields', () => {
    const base = { name: 'demo', team: 'shopfront', port: 8080, healthPath: '/healthz', resources: { cpu: '100m', memory: '128Mi' } };
    expect(() => defineApp({ ...base, config: { DB_PASSWORD: 'hunter2' } })).toThrow(
      'app "demo": config.DB_PASSWORD: looks like a credential (its name suggests a credential and it has a literal value); the value is not shown, expected a non-secret setting; deliver credentials through `secrets` (an ExternalSecret), never as literals',
    );
    expect(() => defineApp({ ...base, port: 80 })).toThrow('app "demo": port: not an unprivileged port, got 80, expected an unprivileged port between 1024 and 65535');
    expect(() => defineApp({ ...base, database: { dumpCommand: [] } })).toThrow('app "demo": database.dumpCommand: too small, got a list, expected at least 1');
    expect(() => defineApp({ ...base, serviceAccountToken: { reason: ' ' } })).toThrow('app "demo": serviceAccountToken.reason: empty, got " ", expected a reason reviewers can read (why the app calls the Kubernetes API)');
    // The app's Vault policy grants only apps/<name>/: another app's key fails where it is declared.
    expect(() => defineApp({ ...base, secrets: [{ env: 'DATABASE_URL', remoteKey: 'apps/ledger/database', property: 'url' }] })).toThrow(
      'app "demo": secrets.0.remoteKey: outside the app\'s keys, got "apps/ledger/database", expected a path below apps/demo/, the only part of Vault the app may read, such as apps/demo/database',
    );
  });

  it('mounts the ServiceAccount token only when asked, with the reason next to it', () => {
    const app = defineApp({ name: 'shop', team: 'shopfront', port: 8080, healthPath: '/healthz', resources: { cpu: '100m', memory: '128Mi' }, serviceAccountToken: { reason: 'reads ConfigMaps through the API' } });
    const objects = renderApp(app, fixtureConfigs[0]!);
    const account = one(objects, 'ServiceAccount') as KubeObject & { automountServiceAccountToken: boolean };
    expect(account.automountServiceAccountToken).toBe(true);
    expect(account.metadata.annotations?.['platform.example.com/service-account-token-reason']).toBe('reads ConfigMaps through the API');
    expect(one<Deployment>(objects, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
  });
});
