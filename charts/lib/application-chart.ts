import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { AppDefinition, AppSecret } from './app-definition';
import { AppAutoscaler } from './app/app-autoscaler';
import { AppConfigMap } from './app/app-config-map';
import { appContext, type AppContext } from './app/app-context';
import { AppDeployment } from './app/app-deployment';
import { AppDisruptionBudget } from './app/app-disruption-budget';
import { AppIngress } from './app/app-ingress';
import { AppNetworkPolicy } from './app/app-network-policy';
import { AppSealedSecret } from './app/app-sealed-secret';
import { AppSecretStore } from './app/app-secret-store';
import { AppService } from './app/app-service';
import { AppServiceAccount } from './app/app-service-account';
import { AppServiceMonitor } from './app/app-service-monitor';
import { secretDelivery } from './app/secret-delivery';
import { DistChart } from './dist-chart';
import { ExternalSecret } from './external-secret';

export interface ApplicationChartProps {
  readonly app: AppDefinition;
  readonly environment: EnvironmentConfig;
  /**
   * Every app of the environment, for NetworkPolicies between apps (callers and callees).
   * @default - only this app (no app-to-app traffic)
   */
  readonly apps?: readonly AppDefinition[];
}

/**
 * One application in its own namespace, rendered into dist/<env>/apps/<app>/ and synced by its
 * own Argo CD Application: ServiceAccount, Deployment, Service, PodDisruptionBudget,
 * NetworkPolicy, and as declared an Ingress, HorizontalPodAutoscaler, ServiceMonitor, ConfigMap
 * and ExternalSecret (or, for a confidential app with an attestation broker, sealed references). Secure by default (Pod Security restricted); the image is always pinned by
 * digest, and only this app's digest reaches these files, so promoting one app never touches
 * another app's output.
 */
export class ApplicationChart extends DistChart {
  constructor(scope: Construct, props: ApplicationChartProps) {
    const { app, environment } = props;
    super(scope, app.name, {
      layer: 'apps',
      namespace: app.name,
      syncWave: 10,
      // ServiceMonitor and ExternalSecret CRDs are installed by platform Applications: on a fresh
      // cluster the dry run of this Application must not fail before they exist.
      syncOptions: ['SkipDryRunOnMissingResource=true'],
    });
    const context = appContext(app, environment);

    const serviceAccount = new AppServiceAccount(this, 'service-account', context);
    const configMap = app.config && Object.keys(app.config).length > 0 ? new AppConfigMap(this, 'config', context, app.config) : undefined;
    const secret = this.secrets(context, serviceAccount.name, app.secrets ?? []);

    new AppDeployment(this, 'deployment', {
      context,
      serviceAccountName: serviceAccount.name,
      automountServiceAccountToken: serviceAccount.automountToken,
      configMap,
      secretName: secret?.secretName,
    });
    const service = new AppService(this, 'service', context);
    new AppDisruptionBudget(this, 'disruption-budget', context);
    new AppNetworkPolicy(this, 'network-policy', { context, apps: props.apps ?? [app] });
    if (context.settings.autoscaling) new AppAutoscaler(this, 'autoscaler', context, context.settings.autoscaling);
    if (app.expose) new AppIngress(this, 'ingress', context, service.name);
    if (app.metricsPort !== undefined) new AppServiceMonitor(this, 'service-monitor', context);
  }

  /**
   * The Secret the app's secrets arrive in: sealed references resolved inside the TEE when the
   * app is confidential and the environment has an attestation broker, else the app's
   * SecretStore and the ExternalSecret reading its keys through it (secret-delivery.ts).
   */
  private secrets(context: AppContext, serviceAccountName: string, secrets: readonly AppSecret[]): { readonly secretName: string } | undefined {
    const { app } = context;
    const delivery = secretDelivery(app, context.environment.platform);
    if (delivery === 'none') return undefined;
    if (delivery === 'attestation-broker') return new AppSealedSecret(this, 'sealed-secrets', context, secrets);
    const store = new AppSecretStore(this, 'secret-store', context, serviceAccountName);
    return new ExternalSecret(this, 'secrets', {
      name: app.name,
      namespace: app.name,
      scope: store.scope,
      data: secrets.map((s) => ({ secretKey: s.env, remoteKey: s.remoteKey, property: s.property })),
    });
  }
}
