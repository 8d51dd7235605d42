import type { ExternalSecretsConfig } from '../../src/config/platform/external-secrets';
import type { SecretScope } from './secret-scope';

/**
 * What Vault must hold for a store to work, rendered on the store so a pull request that adds an
 * app or changes a prefix shows the Vault change with it (no secret involved: names and paths).
 */
export const VAULT_ROLE_ANNOTATION = 'platform.example.com/vault-role';
export const VAULT_POLICY_ANNOTATION = 'platform.example.com/vault-policy';

type VaultConfig = ExternalSecretsConfig['vault'];

/** An app's Vault role and policy in one environment: per app, per environment. */
export function appVaultRole(app: string, environmentPrefix: string): string {
  return `${environmentPrefix}-app-${app}`;
}

/** The policy of the platform's ClusterSecretStore role in one environment. */
export function platformVaultPolicy(environmentPrefix: string): string {
  return `${environmentPrefix}-platform`;
}

/** Where a key lives in Vault's API: KV v2 puts values under <mount>/data/. */
function kvPath(vault: VaultConfig, key: string): string {
  return vault.version === 'v2' ? `${vault.path}/data/${key}` : `${vault.path}/${key}`;
}

/**
 * The read-only policy of a scope: everything below <prefix>/<keyRoot>/ and the shared keys the
 * overlay declares, nothing else (HCL, one path per line).
 */
export function vaultPolicy(vault: VaultConfig, scope: SecretScope): string {
  const paths = [kvPath(vault, `${scope.environmentPrefix}/${scope.keyRoot}/*`), ...[...scope.sharedKeys].sort().map((key) => kvPath(vault, key))];
  return paths.map((path) => `path "${path}" { capabilities = ["read"] }`).join('\n');
}

export interface VaultAccessProps {
  readonly vault: VaultConfig;
  readonly scope: SecretScope;
  /** The Kubernetes auth role the store logs in with. */
  readonly role: string;
  /** The policy that role carries. */
  readonly policy: string;
  /** The only ServiceAccount the role accepts. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/**
 * The annotations documenting the Vault side of a store: the role bound to exactly one
 * ServiceAccount (name and namespace) and the token audience, and its read-only policy.
 */
export function vaultAccessAnnotations(props: VaultAccessProps): Record<string, string> {
  const { vault, serviceAccount } = props;
  const namespaceFlag = vault.namespace ? ` -namespace=${vault.namespace}` : '';
  const role = [
    `vault write${namespaceFlag} auth/${vault.kubernetesAuth.mountPath}/role/${props.role}`,
    `bound_service_account_names=${serviceAccount.name}`,
    `bound_service_account_namespaces=${serviceAccount.namespace}`,
    `audience=${vault.kubernetesAuth.audiences[0]}`,
    `token_policies=${props.policy}`,
  ].join(' ');
  return {
    [VAULT_ROLE_ANNOTATION]: role,
    [VAULT_POLICY_ANNOTATION]: `vault policy write${namespaceFlag} ${props.policy} - <<EOF\n${vaultPolicy(vault, props.scope)}\nEOF`,
  };
}
