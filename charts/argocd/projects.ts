/** The Argo CD projects: the platform is separate from the applications it runs. */
export const PLATFORM_PROJECT = 'platform';
export const APPS_PROJECT = 'apps';
/**
 * The root Application's own project (dist/<env>/argocd/appproject-bootstrap.yaml, applied by hand before root.yaml): it may only create
 * Applications and AppProjects in Argo CD's namespace, from this repository.
 */
export const BOOTSTRAP_PROJECT = 'bootstrap';
/** Argo CD's built-in project: nothing of this repository uses it (its permissions are wide open). */
export const ARGOCD_DEFAULT_PROJECT = 'default';
export const PROJECTS = [PLATFORM_PROJECT, APPS_PROJECT, BOOTSTRAP_PROJECT, ARGOCD_DEFAULT_PROJECT] as const;

export function projectFor(layer: 'platform' | 'apps'): string {
  return layer === 'platform' ? PLATFORM_PROJECT : APPS_PROJECT;
}

/**
 * Cluster-scoped kinds the platform project may create. An allow-list, so that a platform chart
 * that starts creating a new cluster-scoped kind fails to sync until a reviewer adds it here.
 * The Argo CD contract test checks every cluster-scoped object rendered is on this list.
 */
export const PLATFORM_CLUSTER_KINDS: ReadonlyArray<{ group: string; kind: string }> = [
  { group: '', kind: 'Namespace' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'networking.k8s.io', kind: 'IngressClass' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
  { group: 'storage.k8s.io', kind: 'StorageClass' },
  { group: 'node.k8s.io', kind: 'RuntimeClass' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { group: 'cert-manager.io', kind: 'ClusterIssuer' },
  { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
  { group: 'kyverno.io', kind: 'ClusterPolicy' },
  { group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshotClass' },
  { group: 'nfd.k8s-sigs.io', kind: 'NodeFeatureRule' },
];
