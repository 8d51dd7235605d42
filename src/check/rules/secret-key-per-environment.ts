import { brokerReads } from '../k8s/secret-entries';
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
 * The same for KBS resources that sealed references point at (the KBS URL of each environment's
 * tee.attestation and the resource), without a way to share: the broker repository is always the
 * environment's prefix, so dev's resources are never prod's.
 */
export const secretKeyPerEnvironment: AcrossEnvironmentsRule = {
  id: 'secret-key-per-environment',
  reason: 'A Vault value or KBS resource two environments read hands a dev cluster production\'s credentials (a database URL, backup keys): one breached environment exposes the others.',
  fix: 'Keep each key below externalSecrets.keys.environmentPrefix (also the KBS repository), or list a Vault key in externalSecrets.keys.shared (with the reason) in every overlay reading it.',
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
    const brokerReaders = new Map<string, Set<string>>();
    for (const context of clusters) {
      for (const read of brokerReads(context)) brokerReaders.set(read.location, (brokerReaders.get(read.location) ?? new Set()).add(context.environment.name));
    }
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
      yield* sharedBrokerReads(context, brokerReaders);
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
    object: read.externalSecret,
    message: `${read.field} reads ${read.location}, which ${others.join(', ')} also read${others.length === 1 ? 's' : ''}, and overlays/${environment}/platform.yaml does not declare ${read.key} in externalSecrets.keys.shared`,
  };
}

/** KBS resources of this environment's sealed references that another environment points at too. */
function* sharedBrokerReads(context: RuleContext, readers: ReadonlyMap<string, ReadonlySet<string>>): Generator<EnvironmentViolation> {
  const name = context.environment.name;
  for (const read of brokerReads(context)) {
    const others = [...(readers.get(read.location) ?? [])].filter((other) => other !== name);
    if (others.length === 0) continue;
    yield {
      tree: context.environment.cluster.distPath,
      object: read.secret,
      message: `${read.field} points at ${read.uri} of ${read.kbs}, which ${others.join(', ')} also point${others.length === 1 ? 's' : ''} at: KBS resources are never shared across environments`,
    };
  }
}
