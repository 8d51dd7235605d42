import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { AppDefinition, AppSecret } from './app-definition';
import { addAppAutoscaler } from './app/app-autoscaler';
import { addAppConfigMap } from './app/app-config-map';
import { appContext, type AppContext } from './app/app-context';
import { addAppDeployment } from './app/app-deployment';
import { addAppDisruptionBudget } from './app/app-disruption-budget';
import { addAppIngress } from './app/app-ingress';
import { addAppNetworkPolicy } from './app/app-network-policy';
import { AppSealedSecret } from './app/app-sealed-secret';
import { AppSecretStore } from './app/app-secret-store';
import { addAppService } from './app/app-service';
import { addAppServiceAccount } from './app/app-service-account';
import { addAppServiceMonitor } from './app/app-service-monitor';
import { secretDelivery } from './app/secret-delivery';
import { DistChart } from './dist-chart';
import { ExternalSecret } from './external-secret';
import { KubeObjects } from './kube-objects';

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
    // Held as data, not a construct each: this chart is built once per app and cluster (kube-objects.ts).
    const objects = KubeObjects.of(this);

    const serviceAccount = addAppServiceAccount(objects, context);
    const configMap = app.config && Object.keys(app.config).length > 0 ? addAppConfigMap(objects, context, app.config) : undefined;
    const secret = this.secrets(context, serviceAccount.name, app.secrets ?? []);

    addAppDeployment(objects, {
      context,
      serviceAccountName: serviceAccount.name,
      automountServiceAccountToken: serviceAccount.automountToken,
      configMap,
      secretName: secret?.secretName,
    });
    const serviceName = addAppService(objects, context);
    addAppDisruptionBudget(objects, context);
    addAppNetworkPolicy(objects, { context, apps: props.apps ?? [app] });
    if (context.settings.autoscaling) addAppAutoscaler(objects, context, context.settings.autoscaling);
    if (app.expose) addAppIngress(objects, context, serviceName);
    if (app.metricsPort !== undefined) addAppServiceMonitor(objects, context);
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
