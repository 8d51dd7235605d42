import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
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
export class AppServiceAccount extends Construct {
  readonly name: string;
  readonly automountToken: boolean;

  constructor(scope: Construct, id: string, context: AppContext) {
    super(scope, id);
    const { app, labels } = context;
    this.name = appServiceAccountName(app.name);
    this.automountToken = app.serviceAccountToken !== undefined;
    new k8s.KubeServiceAccount(this, 'resource', {
      metadata: {
        name: this.name,
        labels: { ...labels },
        ...(app.serviceAccountToken ? { annotations: { [TOKEN_REASON_ANNOTATION]: app.serviceAccountToken.reason } } : {}),
      },
      automountServiceAccountToken: this.automountToken,
    });
  }
}
