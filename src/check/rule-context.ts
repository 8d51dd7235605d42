import { groupOf, isClusterScoped } from '../../charts/lib/cluster-scoped';
import type { EnvironmentConfig } from '../config/environment-config';
import type { ChartInstall } from './chart-installs';
import { isApplication, readApplication, type ApplicationView } from './k8s/applications';
import { readWorkload, type Workload } from './k8s/workloads';
import { recordAt, stringAt } from './pod-security/narrow';
import type { CheckedObject } from './types';

export interface RuleContextProps {
  readonly environment: EnvironmentConfig;
  /** Production: rules of severity 'production' are errors here and warnings elsewhere. */
  readonly production: boolean;
  readonly objects: readonly CheckedObject[];
  /** Files of dist/<env>/ (paths relative to it), to check Application paths. */
  readonly files: ReadonlySet<string>;
  /** The upstream Helm charts the Applications install: declared facts, and the render's when at hand. @default [] */
  readonly charts?: readonly ChartInstall[];
}

/**
 * What every rule needs to know about one environment's committed dist/, computed once and
 * shared: objects by kind and namespace, workloads, Argo CD Applications and who owns what.
 */
export class RuleContext {
  readonly environment: EnvironmentConfig;
  readonly production: boolean;
  readonly objects: readonly CheckedObject[];
  readonly files: ReadonlySet<string>;
  readonly charts: readonly ChartInstall[];
  /** dist/<env>/<cluster>, the prefix of every Application path of this cluster. */
  readonly distPath: string;

  private applicationsCache: readonly ApplicationView[] | undefined;
  private workloadsCache: readonly Workload[] | undefined;
  private namespacesCache: ReadonlyMap<string, CheckedObject> | undefined;
  private helmNamespacesCache: ReadonlySet<string> | undefined;
  // Indexes: rules ask the same questions for every workload, so each answer is computed once.
  private readonly byKind = new Map<string, CheckedObject[]>();
  private readonly byKindInNamespace = new Map<string, CheckedObject[]>();
  private readonly namespaceCache = new Map<CheckedObject, string | undefined>();
  private ownersByFolder: ReadonlyMap<string, ApplicationView[]> | undefined;
  private recursiveApplications: readonly ApplicationView[] | undefined;
  private workloadsByNamespace: ReadonlyMap<string, Workload[]> | undefined;
  private readonly clusterScopedCrdKinds: ReadonlySet<string>;

  constructor(props: RuleContextProps) {
    this.environment = props.environment;
    this.production = props.production;
    this.objects = props.objects;
    this.files = props.files;
    this.charts = props.charts ?? [];
    this.distPath = `dist/${props.environment.cluster.distPath}`;
    this.clusterScopedCrdKinds = new Set(
      this.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')
        .map((crd) => recordAt(crd.object, 'spec') ?? {})
        .filter((spec) => spec['scope'] === 'Cluster')
        .map((spec) => `${String(spec['group'])}/${String(recordAt(spec, 'names')?.['kind'])}`),
    );
  }

  /** Repository-relative path of an object's file, e.g. dist/prod/apps/web/deployment-web.yaml. */
  pathOf(object: CheckedObject): string {
    return `${this.distPath}/${object.file}`;
  }

  /** Objects of a kind in an API group ('' for the core group). */
  ofKind(group: string, kind: string): CheckedObject[] {
    if (this.byKind.size === 0) {
      for (const o of this.objects) {
        pushTo(this.byKind, `${groupOf(o.object.apiVersion)}/${o.object.kind}`, o);
      }
    }
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  /** Objects of a kind in one namespace. */
  ofKindIn(group: string, kind: string, namespace: string): CheckedObject[] {
    const key = `${group}/${kind}/${namespace}`;
    let found = this.byKindInNamespace.get(key);
    if (found === undefined) {
      found = this.ofKind(group, kind).filter((o) => this.namespaceOf(o) === namespace);
      this.byKindInNamespace.set(key, found);
    }
    return found;
  }

  get applications(): readonly ApplicationView[] {
    this.applicationsCache ??= this.objects.filter(isApplication).map(readApplication);
    return this.applicationsCache;
  }

  /**
   * The Applications that sync an object's file: those with a path source in this repository
   * equal to its folder (or above it, with directory.recurse). root.yaml has none: an admin applies it.
   */
  ownersOf(object: CheckedObject): ApplicationView[] {
    const folder = object.folder === '' ? this.distPath : `${this.distPath}/${object.folder}`;
    const repoURL = this.environment.argocd.repoURL;
    if (this.ownersByFolder === undefined) {
      const index = new Map<string, ApplicationView[]>();
      for (const app of this.applications) {
        for (const source of app.paths) {
          if (source.repoURL === repoURL && !(index.get(source.path) ?? []).includes(app)) pushTo(index, source.path, app);
        }
      }
      this.ownersByFolder = index;
    }
    const exact = this.ownersByFolder.get(folder) ?? [];
    // directory.recurse is rare; those Applications also own every folder below their path.
    this.recursiveApplications ??= this.applications.filter((app) => app.paths.some((source) => source.recurse && source.repoURL === repoURL));
    const recursive = this.recursiveApplications.filter(
      (app) => !exact.includes(app) && app.paths.some((source) => source.recurse && source.repoURL === repoURL && folder.startsWith(`${source.path}/`)),
    );
    return recursive.length === 0 ? exact : [...exact, ...recursive];
  }

  isClusterScoped(object: CheckedObject): boolean {
    const { apiVersion, kind } = object.object;
    return isClusterScoped(apiVersion, kind) || this.clusterScopedCrdKinds.has(`${groupOf(apiVersion)}/${kind}`);
  }

  /**
   * The namespace an object lands in: its own, else its Application's destination namespace,
   * else `default` (what the API server uses); undefined for cluster-scoped objects.
   */
  namespaceOf(object: CheckedObject): string | undefined {
    if (this.namespaceCache.has(object)) return this.namespaceCache.get(object);
    const namespace = this.isClusterScoped(object) ? undefined : (object.object.metadata.namespace ?? this.ownersOf(object)[0]?.destinationNamespace ?? 'default');
    this.namespaceCache.set(object, namespace);
    return namespace;
  }

  /** Namespace objects rendered in dist/, by name. */
  get namespaces(): ReadonlyMap<string, CheckedObject> {
    this.namespacesCache ??= new Map(this.ofKind('', 'Namespace').map((ns) => [ns.object.metadata.name, ns]));
    return this.namespacesCache;
  }

  /**
   * Namespaces an Application installs a Helm chart into. Objects there are rendered by Argo CD,
   * not in dist/, so "selects nothing" cannot be decided for references into them.
   */
  get helmNamespaces(): ReadonlySet<string> {
    this.helmNamespacesCache ??= new Set(this.applications.filter((app) => app.charts.length > 0).map((app) => app.destinationNamespace ?? 'default'));
    return this.helmNamespacesCache;
  }

  get workloads(): readonly Workload[] {
    this.workloadsCache ??= this.objects.flatMap((o) => {
      const workload = readWorkload(o, this.namespaceOf(o) ?? 'default');
      return workload ? [workload] : [];
    });
    return this.workloadsCache;
  }

  workloadsIn(namespace: string): Workload[] {
    if (this.workloadsByNamespace === undefined) {
      const index = new Map<string, Workload[]>();
      for (const workload of this.workloads) pushTo(index, workload.namespace, workload);
      this.workloadsByNamespace = index;
    }
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** The Application of this environment with the given name. */
  application(name: string): ApplicationView | undefined {
    return this.applications.find((app) => app.name === name);
  }

  /** The HorizontalPodAutoscaler whose scaleTargetRef names this workload, if any. */
  hpaFor(workload: Workload): CheckedObject | undefined {
    return this.ofKindIn('autoscaling', 'HorizontalPodAutoscaler', workload.namespace).find((hpa) => {
      const target = recordAt(recordAt(hpa.object, 'spec') ?? {}, 'scaleTargetRef') ?? {};
      return stringAt(target, 'kind') === workload.kind && stringAt(target, 'name') === workload.name;
    });
  }

  /** The fewest pods the workload runs: the HPA's minReplicas (default 1) or spec.replicas (default 1). */
  minimumReplicas(workload: Workload): number {
    const hpa = this.hpaFor(workload);
    if (hpa !== undefined) {
      const min = recordAt(hpa.object, 'spec')?.['minReplicas'];
      return typeof min === 'number' ? min : 1;
    }
    return workload.replicas ?? 1;
  }

  /** Whether a replicated workload runs, or may be scaled to, more than one pod. */
  isMultiReplica(workload: Workload): boolean {
    if (!workload.replicated) return false;
    const hpa = this.hpaFor(workload);
    const max = hpa && recordAt(hpa.object, 'spec')?.['maxReplicas'];
    return (typeof max === 'number' && max >= 2) || this.minimumReplicas(workload) >= 2;
  }
}

function pushTo<K, V>(index: Map<K, V[]>, key: K, value: V): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [value]);
  else list.push(value);
}
