import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { TenancyConfig } from '../../../src/config/platform/tenancy';
import type { AppDefinition } from '../../lib/app-definition';
import { appServiceAccountName } from '../../lib/app/app-service-account';
import { TENANT_NAMESPACE_LABEL } from '../../lib/platform-names';
import { TenantNetworkPolicies } from './tenant-network-policies';
import { TenantTokenReview } from './tenant-token-review';

export interface TenantNamespaceProps {
  readonly app: AppDefinition;
  readonly tenancy: TenancyConfig;
  /** Identity-provider groups of the app's team. */
  readonly groups: readonly string[];
  /** The app's secrets come from Vault through its SecretStore here (charts/lib/app/secret-delivery.ts). */
  readonly readsVault: boolean;
}

/**
 * One application's namespace and its baseline: restricted Pod Security, a quota and default
 * limits, default-deny networking with DNS (every other allow is the app's own, declared in its
 * definition), the team's RoleBinding, and for an app reading Vault the binding Vault's token
 * review needs (not for one whose secrets come through the attestation broker). All of it belongs to the platform, so a team cannot loosen its own guard rails.
 */
export class TenantNamespace extends Construct {
  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    const { app, tenancy } = props;
    const namespace = app.name;
    const q = (value: string) => k8s.Quantity.fromString(value);

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          'app.kubernetes.io/part-of': app.team,
          [TENANT_NAMESPACE_LABEL]: 'true',
          'pod-security.kubernetes.io/enforce': 'restricted',
          // Pinned where the overlay says so (prod): an upgrade cannot tighten it silently.
          ...(tenancy.podSecurityVersion ? { 'pod-security.kubernetes.io/enforce-version': tenancy.podSecurityVersion } : {}),
          // audit and warn follow the newest rules, so upcoming tightening shows up early.
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
        annotations: {
          // Deleting an app namespace deletes everything in it: never let a prune do that.
          'argocd.argoproj.io/sync-options': 'Prune=false',
        },
      },
    });

    new k8s.KubeResourceQuota(this, 'quota', {
      metadata: { name: 'tenant-quota', namespace },
      spec: {
        hard: {
          'requests.cpu': q(tenancy.quota.requestsCpu),
          'requests.memory': q(tenancy.quota.requestsMemory),
          'limits.memory': q(tenancy.quota.limitsMemory),
          pods: q(String(tenancy.quota.pods)),
          persistentvolumeclaims: q(String(tenancy.quota.persistentVolumeClaims)),
          'requests.storage': q(tenancy.quota.requestsStorage),
        },
      },
    });

    const range = tenancy.limitRange;
    new k8s.KubeLimitRange(this, 'limit-range', {
      metadata: { name: 'tenant-limits', namespace },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: q(range.defaultRequest.cpu), memory: q(range.defaultRequest.memory) },
            default: { memory: q(range.defaultLimit.memory) },
            max: { cpu: q(range.max.cpu), memory: q(range.max.memory) },
          },
        ],
      },
    });

    new TenantNetworkPolicies(this, 'network-policies', { namespace });

    new k8s.KubeRoleBinding(this, 'team', {
      metadata: { name: `team-${app.team}`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: tenancy.teamRole },
      subjects: [...props.groups].sort().map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
    });

    if (props.readsVault) new TenantTokenReview(this, 'token-review', { namespace, serviceAccount: appServiceAccountName(app.name) });
  }
}
