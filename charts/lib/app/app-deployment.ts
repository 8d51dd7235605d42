import { createHash } from 'node:crypto';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { TeeConfig } from '../../../src/config/platform/tee';
import type { KubeObjects } from '../kube-objects';
import { appContainer, TMP_VOLUME } from './app-container';
import type { AppContext } from './app-context';
import { backupHookAnnotations, dumpVolume } from './backup-hooks';
import { confidentialAnnotations, confidentialPlacement } from './confidential';
import { restrictedPodSecurityContext } from './restricted-security-context';
import { topologySpread } from './topology-spread';

export interface AppDeploymentProps {
  readonly context: AppContext;
  readonly serviceAccountName: string;
  readonly automountServiceAccountToken: boolean;
  /** ConfigMap the container takes its environment from. @default - none */
  readonly configMap?: { readonly name: string; readonly data: Readonly<Record<string, string>> };
  /** Secret holding the app's secret environment (an ExternalSecret's, or sealed references). @default - none */
  readonly secretName?: string;
}

/** Pod template annotation carrying a digest of the ConfigMap, so a config change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'platform.example.com/config-sha256';

/**
 * The app's Deployment, written as plain Kubernetes JSON rather than the cdk8s-plus Deployment,
 * whose hidden defaults (hashed selector labels, a startup probe, default resources, pull policy
 * Always) would all have to be patched out again.
 */
export function addAppDeployment(objects: KubeObjects, props: AppDeploymentProps): void {
  const { context } = props;
  const { app, settings, labels, selector } = context;

  const annotations: Record<string, string> = {
    ...(app.database ? backupHookAnnotations(app.name, app.database) : {}),
    ...(props.configMap ? { [CONFIG_CHECKSUM_ANNOTATION]: sha256(props.configMap.data) } : {}),
    ...(app.confidential ? confidentialAnnotations(teeOf(context)) : {}),
  };
  const placement = app.confidential ? confidentialPlacement(teeOf(context)) : undefined;

  objects.add<Deployment>({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app.name, labels: { ...labels } },
    spec: {
      // With autoscaling the HPA owns the count; rendering it too would make Argo CD reset it.
      ...(settings.autoscaling ? {} : { replicas: settings.replicas }),
      selector: { matchLabels: { ...selector } },
      // Surge, never drop below the wanted count during a rollout.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...labels }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: {
          serviceAccountName: props.serviceAccountName,
          automountServiceAccountToken: props.automountServiceAccountToken,
          securityContext: restrictedPodSecurityContext,
          containers: [appContainer(context, props.configMap?.name, props.secretName)],
          volumes: [
            // The root filesystem is read-only; /tmp is the scratch space most runtimes expect.
            { name: TMP_VOLUME, emptyDir: { sizeLimit: '64Mi' } },
            ...(app.database ? [dumpVolume(app.database)] : []),
          ],
          topologySpreadConstraints: topologySpread(selector),
          ...(placement ?? {}),
        },
      },
    },
  });
}

function teeOf(context: AppContext): TeeConfig {
  const tee = context.environment.platform.tee;
  if (!tee) {
    throw new Error(
      `app '${context.app.name}' is confidential, but overlays/${context.environment.name}/platform.yaml has no tee section, expected tee.runtimeClassName, tee.nodeSelector and tee.taint`,
    );
  }
  return tee;
}

function sha256(data: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
