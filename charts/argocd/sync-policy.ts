import type { ApplicationSpecSyncPolicy } from '../../imports/argocd-application-argoproj.io';

/**
 * Retries of a failed sync: without a limit, every 3 minutes once the backoff (5s, 10s, ... ) is
 * spent, always with the newest commit. A bootstrap waits on things no timing can promise (an
 * operator's CRDs and webhook, a store Vault must accept first), and Argo CD never auto-syncs a
 * commit again once its retries are spent: any finite limit leaves an Application stuck until
 * the next commit. `refresh` (Argo CD 3.2+) makes each retry take the latest revision, so an
 * endless retry of a broken commit never blocks the commit that fixes it.
 */
export const SYNC_RETRY = { limit: -1, refresh: true, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } } as const;

/**
 * One sync policy for every Application: Git is the source of truth, so drift is reverted
 * (selfHeal) and removed objects are deleted (prune); an empty render never wipes a folder
 * (allowEmpty false); failures retry with exponential backoff until they succeed (SYNC_RETRY).
 */
export function syncPolicy(extraOptions: readonly string[] = []): ApplicationSpecSyncPolicy {
  return {
    automated: { prune: true, selfHeal: true, allowEmpty: false },
    retry: { ...SYNC_RETRY, backoff: { ...SYNC_RETRY.backoff } },
    // Namespaces are rendered explicitly (with Pod Security labels), never created implicitly.
    syncOptions: ['CreateNamespace=false', 'PruneLast=true', 'FailOnSharedResource=true', ...extraOptions],
  };
}

/** Cascade: deleting an Application deletes the objects it synced, children before the parent. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
