import { dump } from 'js-yaml';
import type { KubeObject } from './rendered-object';

/**
 * One object as YAML text.
 *
 * js-yaml rather than the yaml package: serialization is most of what synth costs, and js-yaml
 * writes the same objects 2-3x faster (see docs/PERFORMANCE.md). Its defaults quote every string
 * a YAML 1.1 parser (Kubernetes' and Argo CD's) would read as another type ("yes", "on", "0777"),
 * keep key order, and throw on values that are not plain data instead of writing them silently.
 * No line folding (lineWidth -1) so diffs stay one line per value; double quotes, as kubectl and
 * Helm write them.
 */
export function toYaml(object: KubeObject): string {
  return dump(object, { lineWidth: -1, noRefs: true, quoteStyle: 'double' });
}
