import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { CERT_MANAGER_NAMESPACE, EXTERNAL_SECRETS_NAMESPACE, KYVERNO_NAMESPACE, ingressNamespace } from '../../lib/platform-names';
import { platformLayer2PolicyDecisions } from './platform-layer-2-decisions';

/**
 * Every namespace the Kyverno policies treat differently, with the reason, in one reviewed
 * table. The policies match Pods in ALL namespaces (a namespace nobody thought of is covered);
 * this table is the only way out, and a test requires every platform namespace to appear in it
 * so that the decision is made deliberately. Add your component's namespace here.
 */
export interface NamespacePolicyDecision {
  readonly namespace: string;
  /** Why images here may be referenced by tag (exempt from the digest rule); unset = not exempt. */
  readonly digestExemption?: string;
  /** Why images here may even use the `latest` tag; unset = not exempt (the normal case). */
  readonly latestTagExemption?: string;
  /**
   * Why the application-workload policies (allowed registries, image signatures, requests and
   * limits, Pod Security via Kyverno) do not apply here; unset = they apply.
   */
  readonly workloadExemption?: string;
}

const UPSTREAM_CHART = 'platform component from its upstream Helm chart (pinned chart version, Renovate-managed)';

export function namespacePolicyDecisions(environment: EnvironmentConfig): NamespacePolicyDecision[] {
  const controller = environment.platform.ingress.controller;
  return [
    {
      namespace: 'kube-system',
      digestExemption: 'cluster add-ons installed and upgraded by the cluster provider reference images by tag',
      latestTagExemption: 'provider-managed add-ons are outside this repository (Kyverno\'s webhook skips kube-system too)',
      workloadExemption: 'cluster add-ons (CNI, DNS, CSI) need host access and come from the provider registry',
    },
    {
      namespace: environment.argocd.namespace,
      digestExemption: 'Argo CD is bootstrapped outside this repository from its release manifests (images by tag)',
      workloadExemption: 'Argo CD is bootstrapped outside this repository; it pulls from quay.io',
    },
    {
      namespace: CERT_MANAGER_NAMESPACE,
      digestExemption: 'the cert-manager chart references quay.io/jetstack images by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from quay.io`,
    },
    {
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      digestExemption: 'the external-secrets chart references ghcr.io images by tag',
      workloadExemption: `${UPSTREAM_CHART}; pulls from ghcr.io`,
    },
    {
      namespace: KYVERNO_NAMESPACE,
      digestExemption: 'the kyverno chart references reg.kyverno.io images by tag',
      workloadExemption: `${UPSTREAM_CHART}; Kyverno must never be able to block its own pods`,
    },
    controller === 'ingress-nginx'
      ? // The ingress-nginx chart pins its images by digest, so the digest rule applies here too.
        { namespace: ingressNamespace(controller), workloadExemption: `${UPSTREAM_CHART}; pulls from registry.k8s.io` }
      : {
          namespace: ingressNamespace(controller),
          digestExemption: 'the traefik chart references docker.io/traefik by tag',
          workloadExemption: `${UPSTREAM_CHART}; pulls from docker.io`,
        },
    ...platformLayer2PolicyDecisions(environment),
  ];
}
