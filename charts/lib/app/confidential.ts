import type { Toleration } from 'kubernetes-types/core/v1';
import type { TeeConfig } from '../../../src/config/platform/tee';
import { INITDATA_ANNOTATION, initdataAnnotation } from './initdata';

/**
 * Placement of a confidential app on the TEE node pool described in overlays/<env>/platform.yaml
 * (`tee`). The platform's TEE component owns the cluster side: the RuntimeClass for the Kata/CoCo
 * handler, the node labels (Node Feature Discovery) and the taint that keeps everything else off
 * the pool. The RuntimeClass may carry the same scheduling constraints; stating them on the pod
 * too makes the placement visible in dist/ and keeps it when a RuntimeClass lacks them.
 */
export interface ConfidentialPlacement {
  readonly runtimeClassName: string;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Toleration[];
}

export function confidentialPlacement(tee: TeeConfig): ConfidentialPlacement {
  const { key, value, effect } = tee.taint;
  return {
    runtimeClassName: tee.runtimeClassName,
    nodeSelector: { ...tee.nodeSelector },
    tolerations: [value === undefined ? { key, operator: 'Exists', effect } : { key, operator: 'Equal', value, effect }],
  };
}

/**
 * Pod annotations of a confidential pod: the initdata (KBS URL and agent policy) when the overlay
 * configures attestation. Not part of the placement: it is pod metadata, not pod spec.
 */
export function confidentialAnnotations(tee: TeeConfig): Record<string, string> {
  return tee.attestation ? { [INITDATA_ANNOTATION]: initdataAnnotation(tee.attestation) } : {};
}
