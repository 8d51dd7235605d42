import type { LimitRange, Namespace, ResourceQuota } from 'kubernetes-types/core/v1';
import type { RoleBinding } from 'kubernetes-types/rbac/v1';
import type { TenancyConfig } from '../../../src/config/platform/tenancy';
import type { AppDefinition } from '../../lib/app-definition';
import { appServiceAccountName } from '../../lib/app/app-service-account';
import type { KubeObjects } from '../../lib/kube-objects';
import { TENANT_NAMESPACE_LABEL } from '../../lib/platform-names';
import { addTenantNetworkPolicies } from './tenant-network-policies';
import { addTenantTokenReview } from './tenant-token-review';

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
export function addTenantNamespace(objects: KubeObjects, props: TenantNamespaceProps): void {
  const { app, tenancy } = props;
  const namespace = app.name;

  objects.add<Namespace>({
    apiVersion: 'v1',
    kind: 'Namespace',
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

  objects.add<ResourceQuota>({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'tenant-quota', namespace },
    spec: {
      hard: {
        'requests.cpu': tenancy.quota.requestsCpu,
        'requests.memory': tenancy.quota.requestsMemory,
        'limits.memory': tenancy.quota.limitsMemory,
        pods: String(tenancy.quota.pods),
        persistentvolumeclaims: String(tenancy.quota.persistentVolumeClaims),
        'requests.storage': tenancy.quota.requestsStorage,
      },
    },
  });

  const range = tenancy.limitRange;
  objects.add<LimitRange>({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'tenant-limits', namespace },
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: range.defaultRequest.cpu, memory: range.defaultRequest.memory },
          default: { memory: range.defaultLimit.memory },
          max: { cpu: range.max.cpu, memory: range.max.memory },
        },
      ],
    },
  });

  addTenantNetworkPolicies(objects, namespace);

  objects.add<RoleBinding>({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `team-${app.team}`, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: tenancy.teamRole },
    subjects: [...props.groups].sort().map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
  });

  if (props.readsVault) addTenantTokenReview(objects, { namespace, serviceAccount: appServiceAccountName(app.name) });
}
