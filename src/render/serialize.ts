import { dump, type DumpOptions } from 'js-yaml';
import type { KubeObject } from './rendered-object';

/**
 * How every object is written. js-yaml's defaults quote every string a YAML 1.1 parser
 * (Kubernetes' and Argo CD's) would read as another type ("yes", "on", "0777"), keep key order,
 * and throw on values that are not plain data instead of writing them silently. No line folding
 * (lineWidth -1) so diffs stay one line per value; double quotes, as kubectl and Helm write them.
 * Exported so the benchmark's floor (bench/floor-child.mjs) writes with exactly these options.
 */
export const YAML_OPTIONS: Readonly<DumpOptions> = Object.freeze({ lineWidth: -1, noRefs: true, quoteStyle: 'double' });

/**
 * One object as YAML text.
 *
 * js-yaml rather than the yaml package: serialization is most of what synth costs, and js-yaml
 * writes the same objects 2-3x faster (see docs/PERFORMANCE.md).
 */
export function toYaml(object: KubeObject): string {
  return dump(object, YAML_OPTIONS);
}
