import { externalSecretsFacts } from './external-secrets-facts';
import type { ExternalSecretsConfig } from '../../../src/config/platform/external-secrets';
import type { HelmSource } from '../../lib/helm-source';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { oneDisruptionAtATime, spreadAcrossZonesAndHosts, type ResourceValues, type TopologySpreadConstraint } from '../../lib/pod-values';
import { HELM_CHARTS } from '../../lib/versions';

/** Replicas, PDB, resources, priority and spread of one ESO Deployment. */
export interface ExternalSecretsWorkloadValues {
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly resources: ResourceValues;
  readonly priorityClassName: string;
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
}

/** The external-secrets chart values this project sets (charts/external-secrets/values.yaml 2.9.0). */
export interface ExternalSecretsValues extends ExternalSecretsWorkloadValues {
  /** The chart installs the CRDs (external-secrets.io/v1). */
  readonly installCRDs: boolean;
  /** Needed as soon as there is more than one controller replica. */
  readonly leaderElect: boolean;
  /**
   * Binds the controller's ServiceAccount to system:auth-delegator, so that Vault can review
   * the controller's own token (no long-lived reviewer token anywhere).
   */
  readonly systemAuthDelegator: boolean;
  /** Rendered only once the monitoring component's ServiceMonitor CRD exists (renderMode skipIfMissing). */
  readonly serviceMonitor: { readonly enabled: boolean };
  readonly webhook: ExternalSecretsWorkloadValues;
  readonly certController: ExternalSecretsWorkloadValues;
}

export const EXTERNAL_SECRETS_RELEASE = 'external-secrets';

/** The ServiceAccount of the controller, which authenticates to Vault (chart fullname = release). */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = EXTERNAL_SECRETS_RELEASE;

const RESOURCES: ResourceValues = { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } };

function workload(replicas: number, podName: string): ExternalSecretsWorkloadValues {
  return {
    replicaCount: replicas,
    podDisruptionBudget: oneDisruptionAtATime(replicas),
    resources: RESOURCES,
    priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS,
    topologySpreadConstraints: spreadAcrossZonesAndHosts({ 'app.kubernetes.io/name': podName, 'app.kubernetes.io/instance': EXTERNAL_SECRETS_RELEASE }),
  };
}

export function externalSecretsSource(config: ExternalSecretsConfig): HelmSource<ExternalSecretsValues> {
  const values: ExternalSecretsValues = {
    installCRDs: true,
    leaderElect: true,
    systemAuthDelegator: true,
    ...workload(config.replicas, 'external-secrets'),
    serviceMonitor: { enabled: true },
    webhook: workload(config.replicas, 'external-secrets-webhook'),
    certController: workload(config.replicas, 'external-secrets-cert-controller'),
  };
  return { chart: HELM_CHARTS.externalSecrets, releaseName: EXTERNAL_SECRETS_RELEASE, values, facts: externalSecretsFacts(values, EXTERNAL_SECRETS_RELEASE) };
}
