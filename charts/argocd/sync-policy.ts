import type { ApplicationSpecSyncPolicy } from '../../imports/argocd-application-argoproj.io';

/**
 * One sync policy for every Application: Git is the source of truth, so drift is reverted
 * (selfHeal) and removed objects are deleted (prune); an empty render never wipes a folder
 * (allowEmpty false); transient failures (CRDs not yet established, webhooks starting) retry
 * with exponential backoff.
 */
export function syncPolicy(extraOptions: readonly string[] = []): ApplicationSpecSyncPolicy {
  return {
    automated: { prune: true, selfHeal: true, allowEmpty: false },
    retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
    // Namespaces are rendered explicitly (with Pod Security labels), never created implicitly.
    syncOptions: ['CreateNamespace=false', 'PruneLast=true', 'FailOnSharedResource=true', ...extraOptions],
  };
}

/** Cascade: deleting an Application deletes the objects it synced, children before the parent. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
