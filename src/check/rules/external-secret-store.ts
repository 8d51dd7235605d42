import { conditionsAdmit, describeConditions, ESO_GROUP, namespaceLabels, resolveStore, storeReferences, vaultServiceAccount } from '../k8s/secret-stores';
import type { Rule } from './rule';

/**
 * Every ExternalSecret reads through a store that exists and serves its namespace: a SecretStore
 * in the same namespace, or a ClusterSecretStore whose conditions admit the namespace (ESO's
 * semantics, src/check/k8s/secret-stores.ts). And every store's Vault login names a
 * ServiceAccount that exists. ESO refuses anything else, and the Secret never appears.
 */
export const externalSecretStore: Rule = {
  id: 'external-secret-store',
  reason: 'An ExternalSecret whose store is missing, does not serve its namespace or logs in as a missing ServiceAccount never creates its Secret: pods that use it fail with CreateContainerConfigError.',
  fix: 'Refer to a SecretStore in the ExternalSecret\'s namespace (an app gets its own through charts/lib/app/app-secret-store.ts) or to a ClusterSecretStore whose spec.conditions admit the namespace.',
  severity: 'error',
  *check(context) {
    for (const externalSecret of context.ofKind(ESO_GROUP, 'ExternalSecret')) {
      const namespace = context.namespaceOf(externalSecret) ?? 'default';
      for (const ref of storeReferences(externalSecret)) {
        const store = resolveStore(context, ref, namespace);
        if (store === undefined) {
          // A chart installed by an Application may render a SecretStore Argo CD creates; dist/ cannot tell.
          if (ref.kind === 'SecretStore' && context.helmNamespaces.has(namespace)) continue;
          const where = ref.kind === 'SecretStore' ? `in namespace ${namespace}` : 'in the cluster';
          yield { object: externalSecret, message: `${ref.field} names ${ref.kind} ${ref.name}, which does not exist ${where}` };
          continue;
        }
        if (ref.kind === 'ClusterSecretStore' && !conditionsAdmit(store, namespace, namespaceLabels(context, namespace))) {
          const rendered = context.namespaces.has(namespace) ? '' : ' (not rendered in dist/: only its name label is known)';
          yield {
            object: externalSecret,
            message: `${ref.field} names ClusterSecretStore ${ref.name}, whose spec.conditions do not admit namespace ${namespace}${rendered} (${describeConditions(store)})`,
          };
        }
      }
    }
    for (const store of [...context.ofKind(ESO_GROUP, 'SecretStore'), ...context.ofKind(ESO_GROUP, 'ClusterSecretStore')]) {
      const account = vaultServiceAccount(store, context.namespaceOf(store));
      if (account === undefined) continue;
      if (account.namespace === undefined) {
        yield { object: store, message: `spec.provider.vault.auth.kubernetes.serviceAccountRef names ServiceAccount ${account.name} without a namespace, which a ClusterSecretStore must set` };
        continue;
      }
      // ServiceAccounts of Helm-installed components are rendered by Argo CD, not in dist/.
      if (context.helmNamespaces.has(account.namespace)) continue;
      if (!context.ofKindIn('', 'ServiceAccount', account.namespace).some((sa) => sa.object.metadata.name === account.name)) {
        yield { object: store, message: `spec.provider.vault.auth.kubernetes.serviceAccountRef names ServiceAccount ${account.name}, which does not exist in namespace ${account.namespace}` };
      }
    }
  },
};
