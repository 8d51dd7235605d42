import { vaultReads, type VaultRead } from '../k8s/secret-stores';
import type { RuleContext } from '../rule-context';
import type { AcrossEnvironmentsRule, EnvironmentViolation } from './rule';

/** Keys an environment's overlay declares shared (externalSecrets.keys.shared). */
function declaredShared(context: RuleContext): ReadonlySet<string> {
  return new Set((context.environment.platform.externalSecrets.keys.shared ?? []).map((entry) => entry.key));
}

/**
 * No Vault value is read by two environments, unless every environment that reads it declares
 * it shared in its overlay (with the reason). Compared where it counts: the Vault server,
 * namespace, KV mount and key each store resolves to, so two environments reading the same key
 * string from different Vaults or mounts are apart, and two spellings of one value are not.
 */
export const secretKeyPerEnvironment: AcrossEnvironmentsRule = {
  id: 'secret-key-per-environment',
  reason: 'A Vault value two environments read hands a dev cluster production\'s credentials (a database URL, backup keys): one breached environment exposes the others.',
  fix: 'Keep each key below externalSecrets.keys.environmentPrefix, or list it in externalSecrets.keys.shared (with the reason) in every overlay that reads it.',
  severity: 'error',
  exemptible: false,
  acrossEnvironments: true,
  *check(clusters) {
    // Clusters of one environment read the same keys by design; sharing is between environments.
    const reads = clusters.map((context) => ({ context, reads: vaultReads(context), shared: declaredShared(context) }));
    const readers = new Map<string, Set<string>>();
    for (const { context, reads: list } of reads) {
      for (const read of list) readers.set(read.location, (readers.get(read.location) ?? new Set()).add(context.environment.name));
    }
    const readByEnvironment = new Map<string, Set<string>>();
    for (const { context, reads: list } of reads) {
      const keys = readByEnvironment.get(context.environment.name) ?? new Set<string>();
      for (const read of list) keys.add(read.key);
      readByEnvironment.set(context.environment.name, keys);
    }
    const unusedReported = new Set<string>();
    for (const { context, reads: list, shared } of reads) {
      const name = context.environment.name;
      const tree = context.environment.cluster.distPath;
      const reported = new Set<string>();
      for (const read of list) {
        const others = [...(readers.get(read.location) ?? [])].filter((other) => other !== name);
        if (others.length === 0 || shared.has(read.key) || reported.has(`${read.field} ${read.externalSecret.file}`)) continue;
        reported.add(`${read.field} ${read.externalSecret.file}`);
        yield sharedRead(tree, name, read, others);
      }
      // Judged once per environment, over all its clusters' reads.
      if (unusedReported.has(name)) continue;
      unusedReported.add(name);
      const read = readByEnvironment.get(name)!;
      for (const key of [...shared].filter((k) => !read.has(k)).sort()) {
        yield {
          tree,
          file: `overlays/${name}/platform.yaml`,
          message: `externalSecrets.keys.shared lists ${key}, which no ExternalSecret of ${name} reads`,
          fix: 'Remove the entry: a shared declaration nothing needs would let a later key be shared without review.',
        };
      }
    }
  },
};

function sharedRead(tree: string, environment: string, read: VaultRead, others: readonly string[]): EnvironmentViolation {
  return {
    tree,
    object: read.externalSecret,    message: `${read.field} reads ${read.location}, which ${others.join(', ')} also read${others.length === 1 ? 's' : ''}, and overlays/${environment}/platform.yaml does not declare ${read.key} in externalSecrets.keys.shared`,
  };
}
