import { isRecord, type UnknownRecord } from '../pod-security/narrow';

/** A metav1.LabelSelector, or a Service's plain selector map read as matchLabels. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** Reads a metav1.LabelSelector (matchLabels + matchExpressions); undefined when absent or not an object. */
export function readLabelSelector(value: unknown): LabelSelector | undefined {
  if (!isRecord(value)) return undefined;
  const expressions = Array.isArray(value['matchExpressions']) ? value['matchExpressions'] : [];
  return {
    matchLabels: stringMap(value['matchLabels']),
    matchExpressions: expressions.filter(isRecord).map((expression) => ({
      key: String(expression['key'] ?? ''),
      operator: String(expression['operator'] ?? ''),
      values: Array.isArray(expression['values']) ? expression['values'].map(String) : [],
    })),
  };
}

/** A Service's (or ReplicationController's) selector: a plain label map. */
export function mapSelector(value: unknown): LabelSelector {
  return { matchLabels: stringMap(value), matchExpressions: [] };
}

/** An empty selector: for NetworkPolicy, PDB and ServiceMonitor it selects everything. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** Whether the labels satisfy the selector (the Kubernetes semantics; an empty selector matches all). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((requirement) => requirementMatches(requirement, labels));
}

function requirementMatches(requirement: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value!);
    case 'NotIn':
      return !has || !requirement.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // An unknown operator is rejected by the API server; it matches nothing here.
      return false;
  }
}

/** "app.kubernetes.io/name=web,tier in (a,b)" for messages. */
export function describeSelector(selector: LabelSelector): string {
  const parts = [
    ...Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`),
    ...selector.matchExpressions.map((r) => `${r.key} ${r.operator}${r.values.length > 0 ? ` (${r.values.join(',')})` : ''}`),
  ];
  return parts.length === 0 ? '{} (everything)' : parts.join(',');
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const entries = Object.entries(value as UnknownRecord).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries);
}
