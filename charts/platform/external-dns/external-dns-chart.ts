import type { Construct } from 'constructs';
import type { ExternalDnsConfig } from '../../../src/config/platform/external-dns';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { ExternalSecret } from '../../lib/external-secret';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { apiServerEgress, externalEgress, tcp } from '../../lib/platform-network-allows';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { platformSecretScope } from '../../lib/secret-scope';
import { inSyncWave } from '../../lib/sync-wave';
import { HELM_CHARTS } from '../../lib/versions';
import { externalDnsFacts } from './external-dns-facts';
import { CLOUDFLARE_SECRET, externalDnsValues, type ExternalDnsValues } from './external-dns-values';

export const EXTERNAL_DNS_NAMESPACE = 'external-dns';

export interface ExternalDnsChartProps {
  readonly environment: EnvironmentConfig;
  readonly config: ExternalDnsConfig;
}

/**
 * external-dns: publishes the exposed apps' Ingress hosts in the overlay's zones. Wave 0: its
 * credentials need the External Secrets store (-5), and records only matter once Ingresses exist.
 */
export class ExternalDnsChart extends DistChart {
  readonly values: ExternalDnsValues;

  constructor(scope: Construct, props: ExternalDnsChartProps) {
    const { environment, config } = props;
    const values = externalDnsValues(config, environment.name, PLATFORM_CRITICAL_PRIORITY_CLASS);
    super(scope, 'external-dns', {
      layer: 'platform',
      namespace: EXTERNAL_DNS_NAMESPACE,
      helm: { chart: HELM_CHARTS.externalDns, releaseName: 'external-dns', values, facts: externalDnsFacts(values) },
    });
    this.values = values;
    const { apiServerCidrs } = environment.platform.network;
    new PlatformNamespace(this, 'namespace', {
      name: EXTERNAL_DNS_NAMESPACE,
      enforceVersion: environment.platform.tenancy.podSecurityVersion,
      allows: [
        apiServerEgress(apiServerCidrs),
        // The provider's API is a host name (api.cloudflare.com, route53.amazonaws.com, STS).
        externalEgress('dns-provider', tcp(443), `external-dns calls the ${config.provider} DNS API (a host name, so any address on 443)`),
      ],
    });
    if (config.cloudflare) {
      const secret = new ExternalSecret(this, 'cloudflare-token', {
        name: CLOUDFLARE_SECRET,
        namespace: EXTERNAL_DNS_NAMESPACE,
        scope: platformSecretScope(environment.platform.externalSecrets),
        data: [{ secretKey: 'api-token', remoteKey: config.cloudflare.apiToken.remoteKey, property: config.cloudflare.apiToken.property }],
      });
      inSyncWave(secret, -1);
    }
  }
}
