import type { App } from 'cdk8s';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import type { AppDefinition } from '../lib/app-definition';
import { CertManagerChart } from './cert-manager/cert-manager-chart';
import { ClusterClassesChart } from './cluster-classes/cluster-classes-chart';
import { ExternalSecretsChart } from './external-secrets/external-secrets-chart';
import { IngressChart } from './ingress/ingress-chart';
import { KyvernoChart } from './kyverno/kyverno-chart';
import { TenancyChart } from './tenancy/tenancy-chart';

export interface PlatformProps {
  readonly environment: EnvironmentConfig;
  readonly apps: readonly AppDefinition[];
}

/** Every platform component of one environment, one DistChart (and Argo CD Application) each. */
export function buildPlatform(app: App, props: PlatformProps): void {
  new TenancyChart(app, props);
  new IngressChart(app, props);
  new CertManagerChart(app, props);
  new ExternalSecretsChart(app, props);
  new KyvernoChart(app, props);
  new ClusterClassesChart(app, props);
}
