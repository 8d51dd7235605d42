import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SYNC_WAVE_ANNOTATION } from './labels';
import { PlatformNetworkPolicy, type NetworkAllow } from './platform-network-policy';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface PlatformNamespaceProps {
  readonly name: string;
  /**
   * Pod Security level enforced in the namespace. Anything below `restricted` needs a reason.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Why the namespace needs a weaker level (e.g. "node-exporter reads host /proc via hostPID").
   * Rendered as an annotation next to the label so reviewers see it in dist/.
   */
  readonly reason?: string;
  /** Kubernetes minor version the enforce level is pinned to (prod); unpinned means `latest`. */
  readonly enforceVersion?: string;
  /**
   * The component's network flows. Every platform namespace gets a default-deny NetworkPolicy
   * (Ingress and Egress) and DNS egress; everything else the component needs is listed here,
   * in the component's folder (charts/platform/<component>/*-network.ts).
   * @default [] (default-deny and DNS only)
   */
  readonly allows?: readonly NetworkAllow[];
}

/** Annotation holding the reason for a Pod Security level below restricted. */
export const POD_SECURITY_REASON_ANNOTATION = 'platform.example.com/pod-security-reason';

/**
 * A platform component's namespace with its Pod Security level set deliberately: enforce, audit
 * and warn labels, and a written reason whenever the level is not `restricted`; a default-deny
 * NetworkPolicy with DNS egress and the component's declared allows.
 */
export class PlatformNamespace extends Construct {
  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const level = props.podSecurity ?? 'restricted';
    if (level !== 'restricted' && !props.reason) {
      throw new Error(`namespace '${props.name}': podSecurity '${level}' needs a reason, expected a non-empty 'reason'`);
    }
    new k8s.KubeNamespace(this, 'resource', {
      metadata: {
        name: props.name,
        labels: {
          'pod-security.kubernetes.io/enforce': level,
          ...(props.enforceVersion ? { 'pod-security.kubernetes.io/enforce-version': props.enforceVersion } : {}),
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
        annotations: {
          // Namespaces first, before anything is synced into them.
          [SYNC_WAVE_ANNOTATION]: '-1',
          ...(props.reason ? { [POD_SECURITY_REASON_ANNOTATION]: props.reason } : {}),
        },
      },
    });
    new PlatformNetworkPolicy(this, 'network', { namespace: props.name, allows: props.allows });
  }
}
