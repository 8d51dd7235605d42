import type { EnvironmentConfig } from '../../src/config/environment-config';

/**
 * How a cluster's Argo CD objects are named and where they point, per the environment's
 * topology (overlays/<env>/environment.yaml argocd.topology, docs/decisions/fleets.md):
 *
 * - per-cluster: the cluster's own Argo CD holds its Applications, so names need no prefix and
 *   every destination is argocd.destinationServer (the cluster itself).
 * - hub-and-spoke: one hub Argo CD holds the Applications and AppProjects of every cluster in
 *   one namespace, so each name carries the cluster's name (unique across the repository);
 *   children and their projects point at the cluster's registration in the hub by name
 *   (destination.name, the Secret an operator registered: no credentials in Git), while the
 *   root and the bootstrap project point at the hub itself, where the Applications are created.
 */
export function isHub(environment: EnvironmentConfig): boolean {
  return environment.argocd.topology === 'hub-and-spoke';
}

/** An Application or AppProject name as the cluster's Argo CD sees it. */
export function argoName(environment: EnvironmentConfig, name: string): string {
  return isHub(environment) ? `${environment.cluster.name}-${name}` : name;
}

/** Where the cluster's child Applications (and their projects) deploy. */
export type ClusterDestination = { readonly server: string } | { readonly name: string };

export function clusterDestination(environment: EnvironmentConfig): ClusterDestination {
  return isHub(environment) ? { name: environment.argocd.destinationName ?? environment.cluster.name } : { server: environment.argocd.destinationServer };
}

/** Where the root Application and the bootstrap project deploy: the Argo CD that holds the Applications. */
export function argoCdDestination(environment: EnvironmentConfig): { readonly server: string; readonly namespace: string } {
  return { server: environment.argocd.destinationServer, namespace: environment.argocd.namespace };
}
