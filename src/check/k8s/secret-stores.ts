import { describeSelector, readLabelSelector, selectorMatches } from './label-selector';
import { isRecord, recordAt, stringAt, type UnknownRecord } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';

/** External Secrets Operator's API group. */
export const ESO_GROUP = 'external-secrets.io';

export type StoreKind = 'SecretStore' | 'ClusterSecretStore';

/** One store reference of an ExternalSecret, with the field it sits in (for messages). */
export interface StoreReference {
  readonly kind: StoreKind;
  readonly name: string;
  readonly field: string;
}

/** The label the API server sets on every Namespace (ESO matches `namespaces` through it too). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function storeReference(ref: UnknownRecord | undefined, field: string): StoreReference[] {
  const name = ref && stringAt(ref, 'name');
  if (name === undefined) return [];
  // ESO: secretStoreRef.kind defaults to SecretStore.
  return [{ kind: stringAt(ref!, 'kind') === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore', name, field }];
}

function items(spec: UnknownRecord, key: string): UnknownRecord[] {
  const value = spec[key];
  return Array.isArray(value) ? value.map((item: unknown) => (isRecord(item) ? item : {})) : [];
}

/** Every store an ExternalSecret reads from: spec.secretStoreRef and per-item sourceRef.storeRef. */
export function storeReferences(externalSecret: CheckedObject): StoreReference[] {
  const spec = recordAt(externalSecret.object, 'spec') ?? {};
  return [
    ...storeReference(recordAt(spec, 'secretStoreRef'), 'spec.secretStoreRef'),
    ...(['data', 'dataFrom'] as const).flatMap((list) =>
      items(spec, list).flatMap((item, i) => storeReference(recordAt(recordAt(item, 'sourceRef') ?? {}, 'storeRef'), `spec.${list}[${i}].sourceRef.storeRef`)),
    ),
  ];
}

/** The store a reference from `namespace` resolves to in dist/, if it is rendered there. */
export function resolveStore(context: RuleContext, ref: StoreReference, namespace: string): CheckedObject | undefined {
  const candidates = ref.kind === 'ClusterSecretStore' ? context.ofKind(ESO_GROUP, 'ClusterSecretStore') : context.ofKindIn(ESO_GROUP, 'SecretStore', namespace);
  return candidates.find((store) => store.object.metadata.name === ref.name);
}

/**
 * The store an item of an ExternalSecret reads through: its own sourceRef.storeRef, else
 * spec.secretStoreRef (ESO's precedence).
 */
export function storeForItem(externalSecret: CheckedObject, item: UnknownRecord): StoreReference | undefined {
  const own = storeReference(recordAt(recordAt(item, 'sourceRef') ?? {}, 'storeRef'), 'sourceRef.storeRef')[0];
  return own ?? storeReference(recordAt(recordAt(externalSecret.object, 'spec') ?? {}, 'secretStoreRef'), 'spec.secretStoreRef')[0];
}

/** The labels ESO matches a namespace by: those rendered in dist/, plus the name label the API server adds. */
export function namespaceLabels(context: RuleContext, namespace: string): Record<string, string> {
  const rendered = context.namespaces.get(namespace)?.object.metadata.labels ?? {};
  return { ...rendered, [NAMESPACE_NAME_LABEL]: namespace };
}

/**
 * Whether a ClusterSecretStore serves ExternalSecrets of a namespace, as ESO decides it
 * (runtime/clientmanager/manager.go, validateNamespaceConditions): no conditions admit every
 * namespace; otherwise any one condition admits it, and within a condition any of its fields
 * does: the namespaceSelector matches the namespace's labels, `namespaces` lists its name, or one
 * of `namespaceRegexes` matches its name (Go regexp.MatchString: unanchored). An invalid
 * selector or regex admits nothing (ESO returns an error).
 */
export function conditionsAdmit(store: CheckedObject, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  const conditions = items(recordAt(store.object, 'spec') ?? {}, 'conditions');
  if (conditions.length === 0) return true;
  return conditions.some((condition) => {
    const selector = readLabelSelector(condition['namespaceSelector']);
    if (selector !== undefined && selectorMatches(selector, labels)) return true;
    const names = Array.isArray(condition['namespaces']) ? condition['namespaces'] : [];
    if (names.includes(namespace)) return true;
    const regexes = Array.isArray(condition['namespaceRegexes']) ? condition['namespaceRegexes'] : [];
    return regexes.some((pattern) => typeof pattern === 'string' && matchesUnanchored(pattern, namespace));
  });
}

function matchesUnanchored(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** "conditions[0]: namespaceSelector a DoesNotExist; conditions[1]: namespaces x, y" for messages. */
export function describeConditions(store: CheckedObject): string {
  return items(recordAt(store.object, 'spec') ?? {}, 'conditions')
    .map((condition, i) => {
      const parts: string[] = [];
      const selector = readLabelSelector(condition['namespaceSelector']);
      if (selector !== undefined) parts.push(`namespaceSelector ${describeSelector(selector)}`);
      if (Array.isArray(condition['namespaces'])) parts.push(`namespaces ${condition['namespaces'].join(', ')}`);
      if (Array.isArray(condition['namespaceRegexes'])) parts.push(`namespaceRegexes ${condition['namespaceRegexes'].join(', ')}`);
      return `conditions[${i}]: ${parts.join(', ') || '(empty)'}`;
    })
    .join('; ');
}

/** The ServiceAccount a store logs in to Vault as (Kubernetes auth), with the namespace it lives in. */
export function vaultServiceAccount(store: CheckedObject, storeNamespace: string | undefined): { name: string; namespace: string | undefined } | undefined {
  const ref = recordAt(recordAt(recordAt(recordAt(recordAt(recordAt(store.object, 'spec') ?? {}, 'provider') ?? {}, 'vault') ?? {}, 'auth') ?? {}, 'kubernetes') ?? {}, 'serviceAccountRef');
  const name = ref && stringAt(ref, 'name');
  if (name === undefined) return undefined;
  // A SecretStore's references are always in its own namespace; a ClusterSecretStore names it.
  return { name, namespace: store.object.kind === 'ClusterSecretStore' ? stringAt(ref!, 'namespace') : storeNamespace };
}

/** One key an ExternalSecret reads from a Vault store, and where exactly that is in Vault. */
export interface VaultRead {
  readonly externalSecret: CheckedObject;
  /** The field holding the key, e.g. spec.data[0].remoteRef.key. */
  readonly field: string;
  /** The key as the ExternalSecret names it. */
  readonly key: string;
  /** The Vault server, Enterprise namespace, KV mount and key: equal only for the very same value. */
  readonly location: string;
}

/**
 * Every Vault key the ExternalSecrets of an environment read (data[].remoteRef.key and
 * dataFrom[].extract.key, through the store each item resolves to). Keys of stores that are
 * missing (external-secret-store reports them) or not Vault are left out; so is dataFrom.find,
 * whose keys only Vault knows.
 */
export function vaultReads(context: RuleContext): VaultRead[] {
  const reads: VaultRead[] = [];
  for (const externalSecret of context.ofKind(ESO_GROUP, 'ExternalSecret')) {
    const namespace = context.namespaceOf(externalSecret) ?? 'default';
    const spec = recordAt(externalSecret.object, 'spec') ?? {};
    const keyed = [
      ...items(spec, 'data').map((item, i) => ({ item, field: `spec.data[${i}].remoteRef.key`, key: stringAt(recordAt(item, 'remoteRef') ?? {}, 'key') })),
      ...items(spec, 'dataFrom').map((item, i) => ({ item, field: `spec.dataFrom[${i}].extract.key`, key: stringAt(recordAt(item, 'extract') ?? {}, 'key') })),
    ];
    for (const { item, field, key } of keyed) {
      const ref = storeForItem(externalSecret, item);
      const store = key === undefined || ref === undefined ? undefined : resolveStore(context, ref, namespace);
      const vault = store && recordAt(recordAt(recordAt(store.object, 'spec') ?? {}, 'provider') ?? {}, 'vault');
      const server = vault && stringAt(vault, 'server');
      if (key === undefined || vault === undefined || server === undefined) continue;
      const vaultNamespace = stringAt(vault, 'namespace');
      const mount = stringAt(vault, 'path') ?? '';
      reads.push({ externalSecret, field, key, location: `${server}${vaultNamespace ? ` namespace ${vaultNamespace}` : ''} ${mount}/${key}` });
    }
  }
  return reads;
}
