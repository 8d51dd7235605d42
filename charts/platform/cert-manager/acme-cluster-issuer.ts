import { Construct } from 'constructs';
import { ClusterIssuer, type ClusterIssuerSpecAcmeSolversDns01 } from '../../../imports/cert-manager-clusterissuer-cert-manager.io';
import { afterHelmCrds } from '../../lib/sync-options';

export interface AcmeClusterIssuerProps {
  /** ClusterIssuer name Ingresses reference (cert-manager.io/cluster-issuer). */
  readonly name: string;
  /** ACME directory URL (Let's Encrypt staging or production). */
  readonly server: string;
  readonly email: string;
  /** The DNS-01 solver, used only for names in `dnsZones`. */
  readonly dns01: ClusterIssuerSpecAcmeSolversDns01;
  readonly dnsZones: readonly string[];
}

/**
 * An ACME ClusterIssuer solving DNS-01 challenges only (wildcards work, and nothing has to be
 * reachable from the internet), scoped to the environment's zones. Synced after the cert-manager
 * chart that installs its CRD.
 */
export class AcmeClusterIssuer extends Construct {
  constructor(scope: Construct, id: string, props: AcmeClusterIssuerProps) {
    super(scope, id);
    if (props.dnsZones.length === 0) throw new Error(`ClusterIssuer '${props.name}': dnsZones must list at least one zone, got none`);
    const issuer = new ClusterIssuer(this, 'resource', {
      metadata: { name: props.name },
      spec: {
        acme: {
          server: props.server,
          email: props.email,
          // The ACME account key; cert-manager generates it on first use (never in Git).
          privateKeySecretRef: { name: `${props.name}-account-key` },
          solvers: [{ selector: { dnsZones: [...props.dnsZones] }, dns01: props.dns01 }],
        },
      },
    });
    afterHelmCrds(issuer);
  }
}
