import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';

export interface ClusterClassesChartProps {
  readonly environment: EnvironmentConfig;
}

/** Argo CD sync wave: first of all, every component's pods refer to these classes. */
export const CLUSTER_CLASSES_SYNC_WAVE = -6;

/**
 * Cluster-wide classes other components refer to: the PriorityClass of platform-critical pods
 * and the StorageClasses from the overlay. Synced first: a Pod naming a PriorityClass that does
 * not exist yet is rejected.
 */
export class ClusterClassesChart extends DistChart {
  constructor(scope: Construct, props: ClusterClassesChartProps) {
    super(scope, 'cluster-classes', { layer: 'platform', syncWave: CLUSTER_CLASSES_SYNC_WAVE });

    new k8s.KubePriorityClass(this, 'platform-critical', {
      metadata: { name: PLATFORM_CRITICAL_PRIORITY_CLASS },
      // Above every workload (default 0), below system-cluster-critical (2000000000): under
      // pressure the scheduler preempts application pods, never the ingress or admission path.
      value: 1_000_000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: 'Platform components whose loss takes down traffic or admission: ingress controllers, admission webhooks, certificate and secret controllers.',
    });

    const classes = props.environment.platform.storageClasses;
    for (const name of Object.keys(classes).sort()) {
      const storageClass = classes[name]!;
      new k8s.KubeStorageClass(this, `storage-class-${name}`, {
        metadata: {
          name,
          // Explicit on every class so reviewers see which one is the default.
          annotations: { 'storageclass.kubernetes.io/is-default-class': String(storageClass.default) },
        },
        provisioner: storageClass.provisioner,
        reclaimPolicy: storageClass.reclaimPolicy,
        // Bind where the pod is scheduled, so a zonal volume lands in the pod's zone.
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        ...(storageClass.parameters ? { parameters: { ...storageClass.parameters } } : {}),
      });
    }
  }
}
