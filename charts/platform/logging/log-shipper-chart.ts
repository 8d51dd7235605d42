import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { fleetLabels } from '../../lib/fleet-labels';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { HELM_CHARTS } from '../../lib/versions';
import { alloyFacts } from './alloy-facts';
import { alloyValues, type AlloyValues } from './alloy-values';
import { logShipperNetworkAllows } from './log-shipper-network';

/** Namespace of the log shipper: privileged for its hostPath mount, apart from Loki. */
export const LOG_SHIPPER_NAMESPACE = 'log-shipper';

export interface LogShipperChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Grafana Alloy as a DaemonSet that ships every pod's logs to Loki (see
 * docs/decisions/logging.md for Alloy over Promtail, which is end-of-life).
 */
export class LogShipperChart extends DistChart {
  readonly values: AlloyValues;

  constructor(scope: Construct, props: LogShipperChartProps) {
    const { environment } = props;
    const values = alloyValues(environment.platform.logging.shipper, PLATFORM_CRITICAL_PRIORITY_CLASS, fleetLabels(environment));
    super(scope, 'log-shipper', {
      layer: 'platform',
      namespace: LOG_SHIPPER_NAMESPACE,
      helm: { chart: HELM_CHARTS.alloy, releaseName: 'alloy', values, facts: alloyFacts(values, 'alloy', LOG_SHIPPER_NAMESPACE) },
    });
    this.values = values;
    new PlatformNamespace(this, 'namespace', {
      name: LOG_SHIPPER_NAMESPACE,
      podSecurity: 'privileged',
      enforceVersion: props.environment.platform.tenancy.podSecurityVersion,
      allows: logShipperNetworkAllows(props.environment.platform.network.apiServerCidrs),
      reason: 'Alloy tails pod log files on each node through a read-only hostPath mount of /var/log (as root, all capabilities dropped)',
    });
  }
}
