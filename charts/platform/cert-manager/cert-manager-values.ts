import { certManagerFacts } from './cert-manager-facts';
import type { CertManagerConfig } from '../../../src/config/platform/cert-manager';
import type { HelmSource } from '../../lib/helm-source';
import { CERT_MANAGER_NAMESPACE, PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { SKIP_DRY_RUN_ANNOTATIONS, spreadAcrossZonesAndHosts, type ResourceValues, type TopologySpreadConstraint } from '../../lib/pod-values';
import { HELM_CHARTS } from '../../lib/versions';

/** PDB, resources and spread of one cert-manager Deployment (controller, webhook, cainjector). */
export interface CertManagerWorkloadValues {
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number; readonly unhealthyPodEvictionPolicy: 'AlwaysAllow' };
  readonly resources: ResourceValues;
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
}

/** The cert-manager chart values this project sets (charts/cert-manager/values.yaml v1.21.1). */
export interface CertManagerValues extends CertManagerWorkloadValues {
  /** The chart installs and upgrades the CRDs; `keep` leaves them (and every Certificate) on uninstall. */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly global: { readonly priorityClassName: string; readonly leaderElection: { readonly namespace: string } };
  readonly prometheus: { readonly enabled: boolean; readonly servicemonitor: { readonly enabled: boolean; readonly annotations: Readonly<Record<string, string>> } };
  /** IRSA: the IAM role Route53 ambient credentials come from. */
  readonly serviceAccount?: { readonly annotations: Readonly<Record<string, string>> };
  readonly webhook: CertManagerWorkloadValues;
  readonly cainjector: CertManagerWorkloadValues;
  readonly startupapicheck: { readonly resources: ResourceValues };
}

export const CERT_MANAGER_RELEASE = 'cert-manager';

const SMALL: ResourceValues = { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } };
const CONTROLLER: ResourceValues = { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } };

/** Requests, PDB and spread for one of the chart's Deployments; pods carry name/instance/component labels. */
function workload(replicas: number, name: string, component: string, resources: ResourceValues): CertManagerWorkloadValues {
  return {
    replicaCount: replicas,
    podDisruptionBudget: { enabled: replicas > 1, maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    resources,
    topologySpreadConstraints: spreadAcrossZonesAndHosts({
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': CERT_MANAGER_RELEASE,
      'app.kubernetes.io/component': component,
    }),
  };
}

export function certManagerSource(config: CertManagerConfig): HelmSource<CertManagerValues> {
  const roleArn = config.dns01.route53?.serviceAccountRoleArn;
  const values: CertManagerValues = {
    crds: { enabled: true, keep: true },
    ...workload(config.replicas, 'cert-manager', 'controller', CONTROLLER),
    global: {
      priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS,
      // The chart's default is kube-system; keep cert-manager's RBAC inside its own namespace.
      leaderElection: { namespace: CERT_MANAGER_NAMESPACE },
    },
    prometheus: { enabled: true, servicemonitor: { enabled: true, annotations: SKIP_DRY_RUN_ANNOTATIONS } },
    ...(roleArn ? { serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': roleArn } } } : {}),
    webhook: workload(config.replicas, 'webhook', 'webhook', SMALL),
    cainjector: workload(config.replicas, 'cainjector', 'cainjector', { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '512Mi' } }),
    startupapicheck: { resources: SMALL },
  };
  return { chart: HELM_CHARTS.certManager, releaseName: CERT_MANAGER_RELEASE, values, facts: certManagerFacts(values, CERT_MANAGER_RELEASE) };
}
