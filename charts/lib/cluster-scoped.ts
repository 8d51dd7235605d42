/**
 * Kinds that are cluster-scoped. cdk8s stamps a chart's namespace onto every object, including
 * these, so the renderer removes it from them (see collect-objects.ts). Add a kind here when a
 * chart starts rendering a new cluster-scoped custom resource.
 */
const CLUSTER_SCOPED = new Set([
  'v1/Namespace',
  'v1/Node',
  'v1/PersistentVolume',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'networking.k8s.io/IngressClass',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'node.k8s.io/RuntimeClass',
  'cert-manager.io/ClusterIssuer',
  'external-secrets.io/ClusterSecretStore',
  'external-secrets.io/ClusterExternalSecret',
  'kyverno.io/ClusterPolicy',
  'nfd.k8s-sigs.io/NodeFeatureRule',
  'snapshot.storage.k8s.io/VolumeSnapshotClass',
]);

/** The API group of an apiVersion ('' for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  const group = groupOf(apiVersion);
  return CLUSTER_SCOPED.has(group === '' ? `v1/${kind}` : `${group}/${kind}`);
}
