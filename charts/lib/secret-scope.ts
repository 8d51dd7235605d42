import type { ExternalSecretsConfig } from '../../src/config/platform/external-secrets';

/** The platform's one ClusterSecretStore (Vault); the external-secrets component renders it. */
export const CLUSTER_SECRET_STORE = 'vault';

/** Root of the keys platform components read (below the environment prefix). */
export const PLATFORM_KEY_ROOT = 'platform';

/** Root of the keys one application reads: apps/<app> (below the environment prefix). */
export function appKeyRoot(app: string): string {
  return `apps/${app}`;
}

/**
 * The part of Vault a group of ExternalSecrets may read, and the store they read it through. Keys
 * are named without an environment (apps/api/database); the environment's prefix is put in front
 * here, so a chart or app definition cannot read another environment's value by accident.
 */
export interface SecretScope {
  /** The store the ExternalSecrets refer to. */
  readonly store: { readonly kind: 'ClusterSecretStore' | 'SecretStore'; readonly name: string };
  /** Every key of the scope is below this environment-free path (its store's Vault policy grants exactly that). */
  readonly keyRoot: string;
  /** overlays/<env>/platform.yaml externalSecrets.keys.environmentPrefix. */
  readonly environmentPrefix: string;
  /** Environment-free keys the overlay declares shared across environments: read without the prefix. */
  readonly sharedKeys: ReadonlySet<string>;
}

function scope(config: ExternalSecretsConfig, store: SecretScope['store'], keyRoot: string): SecretScope {
  const shared = (config.keys.shared ?? []).map((entry) => entry.key).filter((key) => isBelow(key, keyRoot));
  return { store, keyRoot, environmentPrefix: config.keys.environmentPrefix, sharedKeys: new Set(shared) };
}

/** Platform components: the ClusterSecretStore, keys below platform/. */
export function platformSecretScope(config: ExternalSecretsConfig): SecretScope {
  return scope(config, { kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE }, PLATFORM_KEY_ROOT);
}

/** One application: the SecretStore in its namespace (named after the app), keys below apps/<app>/. */
export function appSecretScope(app: string, config: ExternalSecretsConfig): SecretScope {
  return scope(config, { kind: 'SecretStore', name: app }, appKeyRoot(app));
}

function isBelow(key: string, root: string): boolean {
  return key.startsWith(`${root}/`);
}

/**
 * The key ESO asks Vault for: <environmentPrefix>/<key>, or the key itself when the overlay
 * declares it shared. Throws when the key is outside the scope's root, which its store's Vault
 * policy does not grant (ESO would only ever get "permission denied").
 */
export function vaultKey(secretScope: SecretScope, key: string, where: string): string {
  if (!isBelow(key, secretScope.keyRoot)) {
    throw new Error(`${where}: key ${key} is outside ${secretScope.keyRoot}/, the only part of Vault its ${secretScope.store.kind} ${secretScope.store.name} may read, expected a key such as ${secretScope.keyRoot}/<name>`);
  }
  return secretScope.sharedKeys.has(key) ? key : `${secretScope.environmentPrefix}/${key}`;
}
