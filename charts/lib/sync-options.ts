import type { ApiObject } from 'cdk8s';
import { SYNC_WAVE_ANNOTATION } from './labels';

/**
 * For a custom resource whose CRD the same Application's Helm chart installs: sync it one wave
 * after the chart (wave 0), and let Argo CD skip the dry run that would fail while the CRD does
 * not exist yet on a fresh cluster.
 */
export function afterHelmCrds(object: ApiObject): void {
  object.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, '1');
  object.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'SkipDryRunOnMissingResource=true');
}
