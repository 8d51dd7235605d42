import type { TeeTechnology } from '../../../src/config/platform/tee';

/** kata-deploy shim name of each technology: the handler it registers is `kata-<shim>`. */
export const TEE_SHIMS: Readonly<Record<TeeTechnology, string>> = { 'SEV-SNP': 'qemu-snp', TDX: 'qemu-tdx' };

/**
 * The confidential-containers 0.16.0 chart values this project sets (keys from its values.yaml;
 * below `kata-as-coco-runtime`, the kata-deploy 3.22.0 subchart's values.yaml).
 */
export interface ConfidentialContainersValues {
  readonly architecture: 'x86_64';
  /** The nodes' own containerd is used; the chart's replacement containerd stays off. */
  readonly customContainerd: { readonly enabled: false };
  readonly 'kata-as-coco-runtime': {
    readonly enabled: true;
    /** The chart default `Always` would make every node restart depend on the registry. */
    readonly imagePullPolicy: 'IfNotPresent';
    readonly k8sDistribution: 'k8s';
    /** Only the TEE pool's nodes get the runtime (tee.nodeSelector). */
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly env: {
      readonly debug: 'false';
      /** Only the pool's technology: no development (non-TEE) shim, no GPU shims. */
      readonly shims: string;
      readonly defaultShim: string;
      /** The tee-nodes RuntimeClass (overlay placement and overhead) is the one owner of the class. */
      readonly createRuntimeClasses: 'false';
      readonly createDefaultRuntimeClass: 'false';
      /** Guest pull needs the nydus snapshotter for the handler. */
      readonly snapshotterHandlerMapping: string;
      /** Images are pulled inside the guest (never by the untrusted host). */
      readonly pullTypeMapping: string;
      readonly _experimentalSetupSnapshotter: 'nydus';
    };
  };
}

export function confidentialContainersValues(technology: TeeTechnology, nodeSelector: Readonly<Record<string, string>>): ConfidentialContainersValues {
  const shim = TEE_SHIMS[technology];
  return {
    architecture: 'x86_64',
    customContainerd: { enabled: false },
    'kata-as-coco-runtime': {
      enabled: true,
      imagePullPolicy: 'IfNotPresent',
      k8sDistribution: 'k8s',
      nodeSelector: { ...nodeSelector },
      env: {
        debug: 'false',
        shims: shim,
        defaultShim: shim,
        createRuntimeClasses: 'false',
        createDefaultRuntimeClass: 'false',
        snapshotterHandlerMapping: `${shim}:nydus`,
        pullTypeMapping: `${shim}:guest-pull`,
        _experimentalSetupSnapshotter: 'nydus',
      },
    },
  };
}
