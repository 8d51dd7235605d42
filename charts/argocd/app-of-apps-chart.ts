import type { Construct } from 'constructs';
import { Application, type ApplicationSpecSource } from '../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { FolderChart } from '../lib/folder-chart';
import { KubeObjects } from '../lib/kube-objects';
import { argoCdDestination, argoName, clusterDestination } from './topology';
import { SYNC_WAVE_ANNOTATION } from '../lib/labels';
import type { ChildApplication, ChildApplicationSource } from './child-application';
import { APPS_PROJECT, BOOTSTRAP_PROJECT, PLATFORM_CLUSTER_KINDS, PLATFORM_PROJECT } from './projects';
import { RESOURCES_FINALIZER, syncPolicy } from './sync-policy';

export interface AppOfAppsChartProps {
  readonly environment: EnvironmentConfig;
  readonly children: readonly ChildApplication[];
  /** Namespaces application workloads may be deployed to (one per app). */
  readonly appNamespaces: readonly string[];
}

/**
 * dist/<env>/argocd/: the AppProjects and one child Application per dist folder (or Helm
 * release), all synced by the root Application.
 */
export class AppOfAppsChart extends FolderChart {
  constructor(scope: Construct, props: AppOfAppsChartProps) {
    const { environment } = props;
    super(scope, 'argocd', { folder: 'argocd', namespace: environment.argocd.namespace });
    const destination = clusterDestination(environment);
    const name = (base: string): string => argoName(environment, base);
    const helmRepos = unique(props.children.flatMap((c) => c.sources.flatMap((s) => (s.type === 'helm' ? [s.repoURL] : []))));

    // The root Application's project. Applied by hand once, before root.yaml (the root cannot sync
    // the project it needs to exist); from then on the root syncs it from this folder like the rest.
    new AppProject(this, 'project-bootstrap', {
      metadata: { name: name(BOOTSTRAP_PROJECT), annotations: { [SYNC_WAVE_ANNOTATION]: '-10' } },
      spec: {
        description: `The root Application of ${environment.name}: Applications and AppProjects in Argo CD's namespace, from this repository.`,
        sourceRepos: [environment.argocd.repoURL],
        destinations: [argoCdDestination(environment)],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'argoproj.io', kind: 'Application' },
          { group: 'argoproj.io', kind: 'AppProject' },
        ],
      },
    });

    new AppProject(this, 'project-platform', {
      metadata: { name: name(PLATFORM_PROJECT), annotations: { [SYNC_WAVE_ANNOTATION]: '-10' }, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        description: `Platform components of ${environment.name}: operators, policies, namespaces, monitoring.`,
        sourceRepos: [environment.argocd.repoURL, ...helmRepos],
        destinations: [{ ...destination, namespace: '*' }],
        clusterResourceWhitelist: [...PLATFORM_CLUSTER_KINDS],
      },
    });

    new AppProject(this, 'project-apps', {
      metadata: { name: name(APPS_PROJECT), annotations: { [SYNC_WAVE_ANNOTATION]: '-10' }, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        description: `Application workloads of ${environment.name}; namespaces and quotas belong to the platform.`,
        sourceRepos: [environment.argocd.repoURL],
        destinations: [...props.appNamespaces].sort().map((namespace) => ({ ...destination, namespace })),
        // No cluster-scoped kinds at all, and none of the tenancy objects the platform owns.
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: [
          { group: '', kind: 'ResourceQuota' },
          { group: '', kind: 'LimitRange' },
        ],
      },
    });

    // One Application per app and component: held as data, not a construct each (kube-objects.ts).
    const applications = KubeObjects.of(this);
    for (const child of [...props.children].sort((a, b) => a.name.localeCompare(b.name))) {
      applications.addGenerated(Application, {
        metadata: {
          name: child.name,
          annotations: { [SYNC_WAVE_ANNOTATION]: String(child.syncWave) },
          ...(child.keepResourcesOnDelete ? {} : { finalizers: [RESOURCES_FINALIZER] }),
        },
        spec: {
          project: name(child.project),
          destination: { ...destination, ...(child.destinationNamespace ? { namespace: child.destinationNamespace } : {}) },
          // The single-source form where it suffices: it is what most Argo CD users read.
          ...(child.sources.length === 1 ? { source: toSource(child.sources[0]!, environment) } : { sources: child.sources.map((s) => toSource(s, environment)) }),
          syncPolicy: syncPolicy(child.syncOptions),
        },
      });
    }
  }
}

function toSource(source: ChildApplicationSource, environment: EnvironmentConfig): ApplicationSpecSource {
  return source.type === 'path'
    ? { repoUrl: environment.argocd.repoURL, targetRevision: environment.argocd.targetRevision, path: source.path }
    : {
        repoUrl: source.repoURL,
        chart: source.chart,
        targetRevision: source.version,
        helm: { releaseName: source.releaseName, valuesObject: source.values },
      };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
