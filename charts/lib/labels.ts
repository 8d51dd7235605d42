/** Recommended Kubernetes labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels). */
export function appLabels(name: string, partOf: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/managed-by': 'gitops-platform',
  };
}

/**
 * The labels a workload's pods are selected by. Deliberately minimal and explicit: selectors are
 * immutable, so they must never depend on construct paths (cdk8s-plus's hashed default does).
 */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
