import type { ClusterRoleBinding } from 'kubernetes-types/rbac/v1';
import type { KubeObjects } from '../../lib/kube-objects';

export interface TenantTokenReviewProps {
  /** The app's namespace and ServiceAccount (both named after the app). */
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * Lets Vault review the app's ServiceAccount tokens with the token itself: Vault's Kubernetes auth
 * has no long-lived reviewer token (docs/decisions/external-secrets.md), so it calls the
 * TokenReview API with the token ESO presents at login, and that token's identity needs
 * system:auth-delegator (create TokenReviews and SubjectAccessReviews, nothing else). The same
 * binding the ESO chart gives its controller (`systemAuthDelegator`). Cluster-scoped, so it is
 * the platform's: the apps project may not create cluster-scoped objects.
 */
export function addTenantTokenReview(objects: KubeObjects, props: TenantTokenReviewProps): void {
  objects.add<ClusterRoleBinding>({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `vault-auth-delegator-${props.namespace}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
    subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount, namespace: props.namespace }],
  });
}
