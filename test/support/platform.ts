import type { AppDefinition } from '../../charts/lib/app-definition';
import { definedAppFiles, loadAppCatalog } from '../../src/app-catalog';
import { productionEnvironmentOf, type EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import type { PlatformConfig } from '../../src/config/platform-schema';
import { renderEnvironment, type RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { REPO_ROOT } from './repo';

/** What the platform tests need about an Argo CD Application. */
export interface ApplicationObject extends KubeObject {
  readonly spec: {
    readonly project: string;
    readonly destination: { readonly namespace?: string };
    readonly source?: ApplicationSourceObject;
    readonly sources?: readonly ApplicationSourceObject[];
    readonly syncPolicy: { readonly syncOptions: readonly string[] };
  };
}

export interface ApplicationSourceObject {
  readonly repoURL: string;
  readonly chart?: string;
  readonly path?: string;
  readonly targetRevision: string;
  readonly helm?: { readonly releaseName: string; readonly valuesObject: Record<string, unknown> };
}

const catalog = await loadAppCatalog(REPO_ROOT);
const apps: readonly AppDefinition[] = [...catalog.values()].map((entry) => entry.definition);
const configs = loadOverlays({ root: REPO_ROOT, definedApps: definedAppFiles(catalog) });

/** The repository's loaded configs, one per cluster, environments in promotion order. */
export const repositoryConfigs: readonly EnvironmentConfig[] = configs;

/** The repository's environment names, in promotion order (each cluster's environment once). */
export function environmentNames(): string[] {
  return [...new Set(configs.map((c) => c.name))];
}

/**
 * The production environment: the last of the promotion chain, as the check decides it
 * (src/check/run-check.ts), whatever the repository calls it.
 */
export function productionEnvironment(): string {
  const production = productionEnvironmentOf(configs.map((config) => config.name));
  if (production === undefined) throw new Error('the repository has no environments');
  return production;
}

/** The loaded config of the production environment (its first cluster). */
export function productionConfig(): EnvironmentConfig {
  return environmentConfig(productionEnvironment());
}

/** The first environment of the promotion chain, where images land first (CI's set-image). */
export function firstEnvironment(): string {
  const first = configs[0];
  if (!first) throw new Error('the repository has no environments');
  return first.name;
}

/** The key an environment's ExternalSecrets read for an environment-free key: below its prefix (overlay externalSecrets.keys). */
export function environmentKey(name: string, key: string): string {
  return `${environmentConfig(name).platform.externalSecrets.keys.environmentPrefix}/${key}`;
}

/** The loaded (frozen) config of one cluster of the repository, by its tree ("prod/prod") or its environment's name (its first cluster). */
export function environmentConfig(name: string): EnvironmentConfig {
  const config = configs.find((c) => c.cluster.distPath === name) ?? configs.find((c) => c.name === name);
  if (!config) throw new Error(`no environment '${name}'`);
  return config;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/**
 * Renders one environment with its platform config changed by `change` (on a copy), in memory:
 * how tests exercise the variants the overlays do not use (Traefik, Route53, ...).
 */
export function renderConfigVariant(base: EnvironmentConfig, appDefinitions: readonly AppDefinition[], change: (platform: Mutable<PlatformConfig>) => void): RenderedEnvironment {
  const config = structuredClone(base) as Mutable<EnvironmentConfig>;
  change(config.platform);
  return renderEnvironment({ environment: config as EnvironmentConfig, apps: appDefinitions });
}

/** renderConfigVariant over one environment of the real repository, with its apps. */
export function renderVariant(environment: string, change: (platform: Mutable<PlatformConfig>) => void): RenderedEnvironment {
  return renderConfigVariant(environmentConfig(environment), apps, change);
}

/**
 * renderVariant with every app's secrets left out: for platform settings an application's
 * SecretStore cannot work with (a Vault CA in another namespace), so the platform side renders.
 */
export function renderVariantWithoutAppSecrets(environment: string, change: (platform: Mutable<PlatformConfig>) => void): RenderedEnvironment {
  return renderConfigVariant(environmentConfig(environment), apps.map((app) => ({ ...app, secrets: undefined })), change);
}

/** The only object of `kind` named `name` (optionally in `namespace`); throws when absent or ambiguous. */
export function objectOf<T extends KubeObject = KubeObject>(env: RenderedEnvironment, kind: string, name: string, namespace?: string): T {
  const found = env.objects.filter((o) => o.object.kind === kind && o.object.metadata.name === name && (namespace === undefined || o.object.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} '${name}'${namespace ? ` in ${namespace}` : ''} in ${env.name}, found ${found.length}`);
  return found[0]!.object as T;
}

export function objectsOf<T extends KubeObject = KubeObject>(env: RenderedEnvironment, kind: string): T[] {
  return env.objects.filter((o) => o.object.kind === kind).map((o) => o.object as T);
}

/** The child Application of a component. */
export function applicationOf(env: RenderedEnvironment, name: string): ApplicationObject {
  return objectOf<ApplicationObject>(env, 'Application', name, undefined);
}

export function sourcesOf(app: ApplicationObject): readonly ApplicationSourceObject[] {
  return app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
}

/** The Helm source of a component's Application; throws when it has none. */
export function helmSourceOf(app: ApplicationObject): ApplicationSourceObject & { helm: NonNullable<ApplicationSourceObject['helm']> } {
  const helm = sourcesOf(app).find((s) => s.chart !== undefined);
  if (!helm?.helm) throw new Error(`Application ${app.metadata.name} has no Helm source`);
  return helm as ApplicationSourceObject & { helm: NonNullable<ApplicationSourceObject['helm']> };
}

export function syncWaveOf(object: KubeObject): number {
  return Number(object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0');
}

/** Reads a nested value by path ('a.b.c'); undefined when any step is missing. */
export function at(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
}

/** Objects a platform component renders into dist/<env>/platform/<component>/. */
export function componentObjects<T extends KubeObject = KubeObject>(env: RenderedEnvironment, component: string): T[] {
  return env.objects.filter((o) => o.folder === `platform/${component}`).map((o) => o.object as T);
}

/** The one object of `kind` named `name` that a platform component renders; throws when absent. */
export function componentObject<T extends KubeObject = KubeObject>(env: RenderedEnvironment, component: string, kind: string, name: string): T {
  const found = componentObjects(env, component).find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${env.name}: no ${kind} '${name}' in platform/${component}`);
  return found as T;
}

/** Walks a JSON value and returns [path, value] for every property named `key`. */
export function findKey(value: unknown, key: string, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [];
  const here: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(value)) {
    const childPath = prefix === '' ? k : `${prefix}.${k}`;
    if (k === key) here.push([childPath, v]);
    here.push(...findKey(v, key, childPath));
  }
  return here;
}

/** A taint, and a toleration shaped like core/v1 Toleration. */
export interface TaintLike {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}
export interface TolerationLike {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/**
 * Whether any toleration tolerates the taint, with Kubernetes' matching rules: an empty key with
 * Exists tolerates every taint, an empty effect matches every effect, Equal compares values.
 */
export function toleratesTaint(tolerations: readonly TolerationLike[] | undefined, taint: TaintLike): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}
