import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';

/**
 * Small accessors over renderRepository() output for the issue-4 component tests (monitoring,
 * logging, backup, StackRox, TEE nodes).
 */

export interface HelmSourceLike {
  readonly chart: string;
  readonly targetRevision: string;
  readonly repoURL: string;
  readonly helm: { readonly releaseName: string; readonly valuesObject: Record<string, unknown> };
}

export interface ApplicationLike extends KubeObject {
  readonly spec: {
    readonly destination: { readonly namespace?: string };
    readonly source?: HelmSourceLike | { readonly path: string };
    readonly sources?: ReadonlyArray<HelmSourceLike | { readonly path: string }>;
    readonly syncPolicy: { readonly syncOptions: readonly string[] };
  };
}

/** The child Application named `name` (dist/<env>/argocd/application-<name>.yaml). */
export function applicationNamed(env: RenderedEnvironment, name: string): ApplicationLike {
  const found = env.objects.find((o) => o.folder === 'argocd' && o.object.kind === 'Application' && o.object.metadata.name === name);
  if (!found) throw new Error(`${env.name}: no Application '${name}'`);
  return found.object as ApplicationLike;
}

/** The Helm source of an Application (throws if it has none). */
export function helmSourceOf(app: ApplicationLike): HelmSourceLike {
  const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
  const helm = sources.find((s): s is HelmSourceLike => 'chart' in s);
  if (!helm) throw new Error(`Application '${app.metadata.name}' has no Helm source`);
  return helm;
}

/** Objects rendered into dist/<env>/platform/<component>/. */
export function objectsOf(env: RenderedEnvironment, component: string): KubeObject[] {
  return env.objects.filter((o) => o.folder === `platform/${component}`).map((o) => o.object);
}

export function objectOf<T = KubeObject>(env: RenderedEnvironment, component: string, kind: string, name: string): T {
  const found = objectsOf(env, component).find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${env.name}: no ${kind} '${name}' in platform/${component}`);
  return found as T;
}

/** Walks a JSON value and returns [path, value] for every property named `key`. */
export function findKey(value: unknown, key: string, path = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [];
  const here: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(value)) {
    const childPath = path === '' ? k : `${path}.${k}`;
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
