import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { ingressNamespace } from '../../lib/platform-names';
import { ingressNginxSource } from './ingress-nginx-values';
import { traefikSource } from './traefik-values';
import type { AppDefinition } from '../../lib/app-definition';
import { ingressNetworkAllows } from './ingress-network';

export interface IngressChartProps {
  readonly environment: EnvironmentConfig;
  /** The environment's apps: the controller may reach the exposed ones on their ports. @default [] */
  readonly apps?: readonly AppDefinition[];
}

/** Argo CD sync wave of the ingress tier: after cert-manager (its admission webhook certificate). */
export const INGRESS_SYNC_WAVE = -3;

/**
 * The ingress tier: the controller chosen by `ingress.controller` (ingress-nginx or Traefik),
 * installed from its upstream chart with typed values, in its own restricted namespace. Both
 * controllers get the same shape: dedicated nodes, spread across zones and hosts, a PDB,
 * requests and a memory limit, a ServiceMonitor, and their IngressClass as the cluster default.
 */
export class IngressChart extends DistChart {
  constructor(scope: Construct, props: IngressChartProps) {
    const { platform } = props.environment;
    const controller = platform.ingress.controller;
    const namespace = ingressNamespace(controller);
    const helm = controller === 'ingress-nginx' ? ingressNginxSource(platform.ingress) : traefikSource(platform.ingress);
    super(scope, 'ingress', { layer: 'platform', syncWave: INGRESS_SYNC_WAVE, namespace, helm });
    // Both controllers run as non-root without host access: restricted fits.
    new PlatformNamespace(this, 'namespace', {
      name: namespace,
      enforceVersion: platform.tenancy.podSecurityVersion,
      allows: ingressNetworkAllows(controller, props.apps ?? [], platform.network.apiServerCidrs),
    });
  }
}
