import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { DistChart } from '../../lib/dist-chart';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { KYVERNO_NAMESPACE } from '../../lib/platform-names';
import { KyvernoPolicy } from './kyverno-policy';
import { kyvernoSource } from './kyverno-values';
import { kyvernoNetworkAllows } from './kyverno-network';
import { imageDigestPolicy } from './policies/image-digest-policy';
import { podSecurityPolicy } from './policies/pod-security-policy';
import { policyContext } from './policies/policy-context';
import { registryPolicy } from './policies/registry-policy';
import { resourcesPolicy } from './policies/resources-policy';
import { signaturePolicy } from './policies/signature-policy';

export interface KyvernoChartProps {
  readonly environment: EnvironmentConfig;
}

/** Argo CD sync wave: with the other operators, before tenancy and long before any application. */
export const KYVERNO_SYNC_WAVE = -4;

/**
 * Kyverno (with its CRDs) and the ClusterPolicies this project renders itself (not the
 * kyverno-policies chart): digests, registries, signatures, requests/limits, Pod Security.
 * Server-side apply: the ClusterPolicy CRD alone is 1.4 MB, far over the 262144-byte
 * last-applied-configuration annotation limit of client-side apply.
 */
export class KyvernoChart extends DistChart {
  constructor(scope: Construct, props: KyvernoChartProps) {
    const { environment } = props;
    const { platform } = environment;
    super(scope, 'kyverno', {
      layer: 'platform',
      syncWave: KYVERNO_SYNC_WAVE,
      namespace: KYVERNO_NAMESPACE,
      helm: kyvernoSource(platform.kyverno),
      syncOptions: ['ServerSideApply=true'],
    });
    new PlatformNamespace(this, 'namespace', {
      name: KYVERNO_NAMESPACE,
      enforceVersion: platform.tenancy.podSecurityVersion,
      allows: kyvernoNetworkAllows(platform.network.apiServerCidrs),
    });
    const context = policyContext(environment);
    for (const policy of [imageDigestPolicy(context), registryPolicy(context), signaturePolicy(context), resourcesPolicy(context), podSecurityPolicy(context)]) {
      new KyvernoPolicy(this, policy.name, policy);
    }
  }
}
