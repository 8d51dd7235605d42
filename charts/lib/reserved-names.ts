import { Chart, type App } from 'cdk8s';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { PROJECTS } from '../argocd/projects';
import { ROOT_APPLICATION } from '../argocd/root-chart';
import { DistChart } from './dist-chart';
import { objectIdentities } from './kube-objects';
import { RESTORE_FOLDER } from './operator-applied';
import { CERT_MANAGER_NAMESPACE, EXTERNAL_SECRETS_NAMESPACE, INGRESS_CONTROLLERS, ingressNamespace, KYVERNO_NAMESPACE, LOGGING_NAMESPACE, MONITORING_NAMESPACE, TENANT_NAMESPACE_LABEL } from './platform-names';

/**
 * Names an application may not have. An app's name becomes its namespace, its Argo CD
 * Application and its dist folder, so it must not be a namespace Kubernetes owns (`default`,
 * `kube-*`: the tenancy baseline would put `restricted`, a default-deny policy and a team
 * RoleBinding on kube-system), nor anything the platform or Argo CD already uses. Nothing here is
 * a hand-kept copy: the names come from the constants the charts use and, per environment, from
 * the platform as built.
 */

export const RESERVED_EXPECTED = 'a name that no platform component, platform namespace or Argo CD object uses';

/** Names reserved whatever the environment, with what owns each. */
function fixedReservations(): ReadonlyMap<string, string> {
  const names = new Map<string, string>([['default', 'the Kubernetes default namespace']]);
  names.set(ROOT_APPLICATION, 'the root Argo CD Application');
  // The restore templates' chart: an app chart of the same id could not be built beside it.
  names.set(RESTORE_FOLDER, 'the restore templates of the cluster (restore/)');
  for (const project of PROJECTS) if (!names.has(project)) names.set(project, 'an Argo CD AppProject');
  for (const namespace of [MONITORING_NAMESPACE, CERT_MANAGER_NAMESPACE, EXTERNAL_SECRETS_NAMESPACE, KYVERNO_NAMESPACE, LOGGING_NAMESPACE]) {
    names.set(namespace, 'a platform namespace');
  }
  // Every controller's namespace, not only the chosen one: switching controllers must not collide.
  for (const controller of INGRESS_CONTROLLERS) names.set(ingressNamespace(controller), `the ${controller} ingress namespace`);
  return names;
}

const FIXED = fixedReservations();

/** Why `name` can never be an app name, or undefined. */
export function reservedAppName(name: string): string | undefined {
  if (name.startsWith('kube-')) return 'kube-* namespaces belong to Kubernetes';
  return FIXED.get(name);
}

/**
 * Everything the built platform of one environment uses: each platform component's Application
 * and namespace, the Namespaces its charts render, and the overlay's Argo CD namespace.
 * Call after the platform is built and before any app chart is.
 */
export function platformReservations(app: App, environment: EnvironmentConfig): ReadonlyMap<string, string> {
  const names = new Map<string, string>([[environment.argocd.namespace, `the Argo CD namespace (overlays/${environment.name}/environment.yaml argocd.namespace)`]]);
  for (const chart of app.node.children.filter(DistChart.isDistChart)) {
    if (chart.layer !== 'platform') continue;
    const component = chart.applicationName;
    names.set(component, `the Argo CD Application of platform component ${component}`);
    if (chart.namespace !== undefined && !names.has(chart.namespace)) names.set(chart.namespace, `the namespace of platform component ${component}`);
    for (const child of chart.node.findAll()) {
      if (Chart.of(child) !== chart) continue;
      for (const object of objectIdentities(child)) {
        // The tenancy baseline renders the apps' own namespaces; those carry the tenant label.
        if (object.kind === 'Namespace' && object.label(TENANT_NAMESPACE_LABEL) === undefined && !names.has(object.name)) {
          names.set(object.name, `a namespace platform component ${component} renders`);
        }
      }
    }
  }
  return names;
}
