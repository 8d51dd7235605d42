import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { CERT_MANAGER_NAMESPACE, CLUSTER_ISSUER } from '../../lib/platform-names';
import { AcmeClusterIssuer } from './acme-cluster-issuer';
import { certManagerSource } from './cert-manager-values';
import { Dns01Solver } from './dns01-solver';
import { platformSecretScope } from '../../lib/secret-scope';
import { certManagerNetworkAllows } from './cert-manager-network';

export interface CertManagerChartProps {
  readonly environment: EnvironmentConfig;
}

/** Argo CD sync wave: after External Secrets (the DNS credentials), before the ingress tier. */
export const CERT_MANAGER_SYNC_WAVE = -4;

/**
 * cert-manager (with its CRDs) and the ClusterIssuer every application Ingress uses: ACME over
 * DNS-01 with the provider the overlay chooses. The issuer keeps one name in every environment;
 * the overlay points it at Let's Encrypt staging outside prod.
 */
export class CertManagerChart extends DistChart {
  constructor(scope: Construct, props: CertManagerChartProps) {
    const { platform } = props.environment;
    const config = platform.certManager;
    super(scope, 'cert-manager', { layer: 'platform', syncWave: CERT_MANAGER_SYNC_WAVE, namespace: CERT_MANAGER_NAMESPACE, helm: certManagerSource(config) });
    new PlatformNamespace(this, 'namespace', {
      name: CERT_MANAGER_NAMESPACE,
      enforceVersion: platform.tenancy.podSecurityVersion,
      allows: certManagerNetworkAllows(config, platform.network.apiServerCidrs),
    });
    const dns01 = new Dns01Solver(this, 'dns01', { config: config.dns01, namespace: CERT_MANAGER_NAMESPACE, secretScope: platformSecretScope(platform.externalSecrets) });
    new AcmeClusterIssuer(this, 'cluster-issuer', {
      name: CLUSTER_ISSUER,
      server: config.acme.server,
      email: config.acme.email,
      dns01: dns01.solver,
      dnsZones: config.dns01.zones,
    });
  }
}
