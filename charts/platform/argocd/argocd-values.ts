import { containerResources, type ContainerResources } from '../../lib/container-resources';
import { argocdCm, argocdCmdParams } from './argocd-cm';

/**
 * The argo-cd 10.1.1 values this project sets: exactly these keys, from the chart's values.yaml
 * (test/platform/helm-values.test.ts checks every key).
 */
export interface ArgoCdValues {
  /**
   * The chart installs Argo CD's CRDs (Application, ApplicationSet, AppProject) and keeps them on
   * uninstall (`helm.sh/resource-policy: keep`): deleting them would delete every Application.
   */
  readonly crds: { readonly install: true; readonly keep: true };
  /** Off: the namespace gets the platform's own default-deny and allows (argocd-network.ts). */
  readonly global: { readonly networkPolicy: { readonly create: false } };
  readonly configs: {
    readonly cm: Readonly<Record<string, string>>;
    readonly params: Readonly<Record<string, string>>;
  };
  readonly controller: ComponentValues;
  readonly server: ComponentValues;
  readonly repoServer: ComponentValues;
  readonly applicationSet: ComponentValues;
  readonly redis: { readonly resources: ContainerResources };
  /** No SSO is configured by this repository: Dex and the notifications controller stay off. */
  readonly dex: { readonly enabled: false };
  readonly notifications: { readonly enabled: false };
}

interface ComponentValues {
  readonly resources: ContainerResources;
  readonly metrics: { readonly enabled: true; readonly serviceMonitor: { readonly enabled: true } };
}

/** Identical in every environment: Argo CD's load follows the number of Applications, not the environment. */
const RESOURCES = {
  controller: containerResources({ cpu: '250m', memory: '1Gi' }),
  server: containerResources({ cpu: '50m', memory: '256Mi' }),
  repoServer: containerResources({ cpu: '100m', memory: '512Mi' }),
  applicationSet: containerResources({ cpu: '20m', memory: '128Mi' }),
  redis: containerResources({ cpu: '20m', memory: '128Mi' }),
};

const scraped = (resources: ContainerResources): ComponentValues => ({ resources, metrics: { enabled: true, serviceMonitor: { enabled: true } } });

export function argoCdValues(): ArgoCdValues {
  return {
    crds: { install: true, keep: true },
    global: { networkPolicy: { create: false } },
    configs: { cm: argocdCm(), params: argocdCmdParams() },
    controller: scraped(RESOURCES.controller),
    server: scraped(RESOURCES.server),
    repoServer: scraped(RESOURCES.repoServer),
    applicationSet: scraped(RESOURCES.applicationSet),
    redis: { resources: RESOURCES.redis },
    dex: { enabled: false },
    notifications: { enabled: false },
  };
}
