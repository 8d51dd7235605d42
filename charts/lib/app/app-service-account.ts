import type { ServiceAccount } from 'kubernetes-types/core/v1';
import type { KubeObjects } from '../kube-objects';
import type { AppContext } from './app-context';

/** Annotation explaining why an app mounts its ServiceAccount token. */
export const TOKEN_REASON_ANNOTATION = 'platform.example.com/service-account-token-reason';

/** The app's ServiceAccount is named after the app (its SecretStore and token-review binding refer to it). */
export function appServiceAccountName(app: string): string {
  return app;
}

/**
 * The app's own ServiceAccount (never `default`, which other workloads share). No token is
 * mounted unless the definition asks for one with a reason.
 */
export function addAppServiceAccount(objects: KubeObjects, context: AppContext): { readonly name: string; readonly automountToken: boolean } {
  const { app, labels } = context;
  const name = appServiceAccountName(app.name);
  const automountToken = app.serviceAccountToken !== undefined;
  objects.add<ServiceAccount>({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      labels: { ...labels },
      ...(app.serviceAccountToken ? { annotations: { [TOKEN_REASON_ANNOTATION]: app.serviceAccountToken.reason } } : {}),
    },
    automountServiceAccountToken: automountToken,
  });
  return { name, automountToken };
}
