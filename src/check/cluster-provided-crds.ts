/**
 * CRD API groups the cluster provides before the root Application syncs: a declared cluster
 * prerequisite, like the CSI driver itself. Custom resources of these groups need no provider
 * among the Applications (rule argocd-crd-sync-order). Adding a group here is a statement about
 * every target cluster, reviewed like privileged-namespaces.ts.
 */
export const CLUSTER_PROVIDED_CRD_GROUPS: ReadonlyMap<string, string> = new Map([
  ['argoproj.io', 'Argo CD\'s own CRDs, installed with Argo CD before the root Application'],
  ['snapshot.storage.k8s.io', 'the VolumeSnapshot CRDs of the cluster\'s CSI snapshot controller, installed with the CSI driver'],
]);
