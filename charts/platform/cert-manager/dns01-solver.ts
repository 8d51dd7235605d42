import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClusterIssuerSpecAcmeSolversDns01CnameStrategy,
  ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol,
  type ClusterIssuerSpecAcmeSolversDns01,
} from '../../../imports/cert-manager-clusterissuer-cert-manager.io';
import type { Dns01Config } from '../../../src/config/platform/cert-manager';
import type { VaultSecretRef } from '../../../src/config/platform/common';
import { ExternalSecret } from '../../lib/external-secret';
import type { SecretScope } from '../../lib/secret-scope';
import { SKIP_DRY_RUN_ANNOTATIONS } from '../../lib/pod-values';

export interface Dns01SolverProps {
  readonly config: Dns01Config;
  /** Where ClusterIssuers read Secrets from: cert-manager's cluster resource namespace. */
  readonly namespace: string;
  /** Where the credentials are read from in Vault. */
  readonly secretScope: SecretScope;
}

/**
 * The DNS-01 solver of the chosen provider, and the ExternalSecret that delivers its credentials
 * from Vault into cert-manager's namespace. Git holds the Vault path, never the value.
 */
export class Dns01Solver extends Construct {
  readonly solver: ClusterIssuerSpecAcmeSolversDns01;
  private readonly namespace: string;
  private readonly secretScope: SecretScope;

  constructor(scope: Construct, id: string, props: Dns01SolverProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.secretScope = props.secretScope;
    const { config } = props;
    // Follow: _acme-challenge records CNAMEd into a delegated zone are answered there.
    const cnameStrategy = config.followCNAME ? ClusterIssuerSpecAcmeSolversDns01CnameStrategy.FOLLOW : ClusterIssuerSpecAcmeSolversDns01CnameStrategy.NONE;

    if (config.cloudflare) {
      const name = this.credentials('cloudflare-api-token', { 'api-token': config.cloudflare.apiToken });
      this.solver = { cnameStrategy, cloudflare: { apiTokenSecretRef: { name, key: 'api-token' } } };
    } else if (config.route53) {
      const { region, hostedZoneID, role, accessKeyID, secretAccessKey } = config.route53;
      // Without static keys cert-manager uses ambient credentials (IRSA / EKS Pod Identity).
      const name = accessKeyID && secretAccessKey ? this.credentials('route53-credentials', { 'access-key-id': accessKeyID, 'secret-access-key': secretAccessKey }) : undefined;
      this.solver = {
        cnameStrategy,
        route53: {
          region,
          hostedZoneId: hostedZoneID,
          role,
          ...(name ? { accessKeyIdSecretRef: { name, key: 'access-key-id' }, secretAccessKeySecretRef: { name, key: 'secret-access-key' } } : {}),
        },
      };
    } else if (config.rfc2136) {
      const { nameserver, tsigKeyName, tsigAlgorithm, tsigSecret } = config.rfc2136;
      const name = this.credentials('rfc2136-tsig', { 'tsig-secret': tsigSecret });
      this.solver = {
        cnameStrategy,
        // TCP: TSIG-signed updates routinely exceed a UDP datagram.
        rfc2136: { nameserver, protocol: ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol.TCP, tsigKeyName, tsigAlgorithm, tsigSecretSecretRef: { name, key: 'tsig-secret' } },
      };
    } else {
      // The overlay schema requires exactly one provider block; reaching this is a programming error.
      throw new Error('certManager.dns01: no DNS provider block set, expected one of cloudflare, route53, rfc2136');
    }
  }

  /** One ExternalSecret (key in the Secret -> Vault reference); returns the Secret's name. */
  private credentials(name: string, keys: Readonly<Record<string, VaultSecretRef>>): string {
    const data = Object.entries(keys).map(([secretKey, ref]) => ({ secretKey, remoteKey: ref.remoteKey, property: ref.property }));
    const externalSecret = new ExternalSecret(this, name, { name, namespace: this.namespace, scope: this.secretScope, data });
    // The ExternalSecret CRD comes from the external-secrets Application (an earlier wave).
    for (const object of externalSecret.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      for (const [key, value] of Object.entries(SKIP_DRY_RUN_ANNOTATIONS)) object.metadata.addAnnotation(key, value);
    }
    return externalSecret.secretName;
  }
}
