import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { TeeNodesConfig, TeeTechnology } from '../../src/config/platform/tee-nodes';

/**
 * Where confidential workloads run, derived from the environment's TEE node pool
 * (overlays/<env>/platform.yaml `teeNodes`). The tee-nodes component renders the RuntimeClass
 * and the Node Feature Discovery rule from the same functions, so the names cannot drift apart.
 */

/**
 * The Kata Containers / Confidential Containers runtime handler per technology; the RuntimeClass
 * is named after its handler, as kata-deploy and the CoCo operator name theirs.
 */
export const TEE_RUNTIME_HANDLERS: Readonly<Record<TeeTechnology, string>> = {
  'SEV-SNP': 'kata-qemu-snp',
  TDX: 'kata-qemu-tdx',
};

/**
 * Label Node Feature Discovery puts on nodes whose CPU reports the technology enabled
 * (value: `sev-snp` or `tdx`). NFD only allows its own label namespaces by default.
 */
export const TEE_CAPABLE_LABEL = 'feature.node.kubernetes.io/tee';

export function teeRuntimeClassName(technology: TeeTechnology): string {
  return TEE_RUNTIME_HANDLERS[technology];
}

export function teeCapableLabelValue(technology: TeeTechnology): string {
  return technology.toLowerCase();
}

/**
 * Nodes a confidential pod may land on: in the TEE pool AND proven TEE-capable by NFD. The pool
 * label alone would trust the node pool's configuration; the capability label alone would allow
 * a TEE-capable node outside the pool (untainted, shared with everything).
 */
export function teeNodeSelector(tee: TeeNodesConfig): Record<string, string> {
  return { [tee.poolLabel.key]: tee.poolLabel.value, [TEE_CAPABLE_LABEL]: teeCapableLabelValue(tee.technology) };
}

/** A toleration shaped like the Kubernetes core/v1 Toleration. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/** The one toleration of the TEE taint: exact key, value and effect (never `Exists`). */
export function teeToleration(tee: TeeNodesConfig): Toleration {
  return { key: tee.taint.key, operator: 'Equal', value: tee.taint.value, effect: tee.taint.effect };
}

/** What a confidential application's pod spec needs. */
export interface ConfidentialPlacement {
  /** The Kata/CoCo RuntimeClass: the pod runs in a TEE-backed guest VM. */
  readonly runtimeClassName: string;
  /**
   * Pool and capability labels. The RuntimeClass's scheduling block would add them at admission
   * anyway; rendering them makes the pod spec in dist/ say where it runs (reviewers, checks).
   */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Exactly the TEE taint's toleration; only confidential workloads carry it. */
  readonly tolerations: readonly Toleration[];
}

/**
 * Placement of a confidential workload in `environment`. Throws when the environment has no TEE
 * node pool: silently running a confidential app on ordinary nodes would void its guarantee.
 */
export function confidentialPlacement(environment: EnvironmentConfig): ConfidentialPlacement {
  const tee = environment.platform.teeNodes;
  if (!tee) {
    throw new Error(
      `environment '${environment.name}' has no TEE node pool: a confidential workload cannot run there, expected 'teeNodes' in overlays/${environment.name}/platform.yaml`,
    );
  }
  return Object.freeze({
    runtimeClassName: teeRuntimeClassName(tee.technology),
    nodeSelector: Object.freeze(teeNodeSelector(tee)),
    tolerations: Object.freeze([Object.freeze(teeToleration(tee))]),
  });
}

/**
 * Whether any of `tolerations` tolerates the TEE taint, with the Kubernetes matching rules
 * (an empty key with Exists tolerates every taint; an empty effect matches every effect).
 * Checks use it to assert that only confidential workloads can land on TEE nodes.
 */
export function toleratesTeeTaint(tolerations: readonly Toleration[] | undefined, tee: TeeNodesConfig): boolean {
  return (tolerations ?? []).some((t) => {
    const effectMatches = t.effect === undefined || t.effect === '' || t.effect === tee.taint.effect;
    if (!effectMatches) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === tee.taint.key;
    return t.key === tee.taint.key && (t.value ?? '') === tee.taint.value;
  });
}
