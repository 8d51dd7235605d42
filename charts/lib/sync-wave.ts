import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { KubeObjects } from './kube-objects';
import { SYNC_WAVE_ANNOTATION } from './labels';

/**
 * Puts every object below `construct` into Argo CD sync wave `wave` of its Application, e.g. -1
 * for ExternalSecrets whose Secrets the Helm chart's workloads (wave 0) mount: Argo CD waits for
 * the ExternalSecret to be healthy (its Secret written) before starting the workloads.
 */
export function inSyncWave(construct: IConstruct, wave: number): void {
  for (const child of construct.node.findAll()) {
    if (child instanceof ApiObject) child.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
    else if (KubeObjects.isKubeObjects(child)) child.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
  }
}
