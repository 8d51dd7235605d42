import { stringify } from 'yaml';
import type { KubeObject } from './rendered-object';

/**
 * One object as YAML, formatted like cdk8s's own writer (YAML 1.1 so strings such as "yes" or
 * "on" stay quoted for Kubernetes' YAML 1.1 parser; no line folding, so diffs stay one line per
 * value).
 */
export function toYaml(object: KubeObject): string {
  return stringify(object, { keepUndefined: true, lineWidth: 0, version: '1.1' });
}
