import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { ExternalSecret } from '../../lib/external-secret';
import { LOGGING_NAMESPACE, LOKI_RELEASE_NAME, PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { platformSecretScope } from '../../lib/secret-scope';
import { inSyncWave } from '../../lib/sync-wave';
import { HELM_CHARTS } from '../../lib/versions';
import { lokiFacts } from './loki-facts';
import { LOKI_S3_ENV, lokiValues, type LokiValues } from './loki-values';
import { LOG_SHIPPER_NAMESPACE } from './log-shipper-chart';
import { lokiNetworkAllows } from './logging-network';

export interface LoggingChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Loki (grafana-community chart): mode, object storage and retention from the overlay; S3
 * credentials from Vault through an ExternalSecret, passed as the AWS SDK's environment
 * variables, so they appear neither in Git nor in the chart's ConfigMap.
 * Restricted namespace: Loki needs no host access (the shipper has its own namespace).
 */
export class LoggingChart extends DistChart {
  readonly values: LokiValues;

  constructor(scope: Construct, props: LoggingChartProps) {
    const credentialsSecret = 'loki-s3-credentials';
    const values = lokiValues({ config: props.environment.platform.logging.loki, credentialsSecret, priorityClassName: PLATFORM_CRITICAL_PRIORITY_CLASS });
    super(scope, 'logging', {
      layer: 'platform',
      namespace: LOGGING_NAMESPACE,
      helm: { chart: HELM_CHARTS.loki, releaseName: LOKI_RELEASE_NAME, values, facts: lokiFacts(values) },
    });
    this.values = values;

    const { platform } = props.environment;
    new PlatformNamespace(this, 'namespace', {
      name: LOGGING_NAMESPACE,
      enforceVersion: platform.tenancy.podSecurityVersion,
      allows: lokiNetworkAllows(platform.logging.loki, LOG_SHIPPER_NAMESPACE, platform.network.apiServerCidrs),
    });
    const secret = new ExternalSecret(this, 's3-credentials', {
      name: credentialsSecret,
      namespace: LOGGING_NAMESPACE,
      scope: platformSecretScope(platform.externalSecrets),
      data: [
        { secretKey: LOKI_S3_ENV.accessKeyId, remoteKey: 'platform/logging/loki-s3', property: 'access-key-id' },
        { secretKey: LOKI_S3_ENV.secretAccessKey, remoteKey: 'platform/logging/loki-s3', property: 'secret-access-key' },
      ],
    });
    inSyncWave(secret, -1);
  }
}
