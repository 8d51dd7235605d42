import { kyvernoFacts } from './kyverno-facts';
import type { KyvernoConfig } from '../../../src/config/platform/kyverno';
import type { HelmSource } from '../../lib/helm-source';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { oneDisruptionAtATime, SKIP_DRY_RUN_ANNOTATIONS, spreadAcrossZonesAndHosts, type ResourceValues, type TopologySpreadConstraint } from '../../lib/pod-values';
import { HELM_CHARTS } from '../../lib/versions';

/** Replicas, PDB, spread and metrics of one Kyverno controller. */
interface ControllerValues {
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number; readonly unhealthyPodEvictionPolicy: 'AlwaysAllow' };
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly serviceMonitor: { readonly enabled: boolean; readonly additionalAnnotations: Readonly<Record<string, string>> };
}

/** The kyverno chart values this project sets (charts/kyverno/values.yaml 3.9.0). */
export interface KyvernoValues {
  /** The chart installs the CRDs (ClusterPolicy and friends). */
  readonly crds: { readonly install: boolean };
  readonly global: { readonly priorityClassName: string };
  readonly admissionController: ControllerValues & { readonly container: { readonly resources: ResourceValues } };
  readonly backgroundController: ControllerValues & { readonly resources: ResourceValues };
  readonly cleanupController: ControllerValues & { readonly resources: ResourceValues };
  readonly reportsController: ControllerValues & { readonly resources: ResourceValues };
}

export const KYVERNO_RELEASE = 'kyverno';

function controller(replicas: number, component: string): ControllerValues {
  return {
    replicas,
    podDisruptionBudget: { ...oneDisruptionAtATime(replicas), unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    topologySpreadConstraints: spreadAcrossZonesAndHosts({ 'app.kubernetes.io/component': component, 'app.kubernetes.io/instance': KYVERNO_RELEASE }),
    // The ServiceMonitor CRD comes from the monitoring component, another Application.
    serviceMonitor: { enabled: true, additionalAnnotations: SKIP_DRY_RUN_ANNOTATIONS },
  };
}

export function kyvernoSource(config: KyvernoConfig): HelmSource<KyvernoValues> {
  // The admission controller is in every API request's path; the others are leader-elected
  // workers, where a second replica is a warm standby and more would only wait.
  const workers = Math.min(config.replicas, 2);
  const values: KyvernoValues = {
    crds: { install: true },
    global: { priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS },
    admissionController: {
      ...controller(config.replicas, 'admission-controller'),
      container: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '768Mi' } } },
    },
    backgroundController: { ...controller(workers, 'background-controller'), resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    cleanupController: { ...controller(workers, 'cleanup-controller'), resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    reportsController: { ...controller(workers, 'reports-controller'), resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } } },
  };
  return { chart: HELM_CHARTS.kyverno, releaseName: KYVERNO_RELEASE, values, facts: kyvernoFacts(values, KYVERNO_RELEASE) };
}
