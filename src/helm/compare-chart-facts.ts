import type { ChartFacts } from '../../charts/lib/chart-facts';
import type { ObservedFacts } from './chart-facts-of-render';

/** The client-side apply limit on kubectl.kubernetes.io/last-applied-configuration. */
export const LAST_APPLIED_LIMIT = 262_144;

/**
 * How far a declared CRD size may be from the rendered one. Declared sizes are measured on the
 * upstream CRD files; the chart's copy carries its own labels and annotations (a few hundred
 * bytes). A difference that puts the CRD on the other side of the client-side apply limit is
 * always a mismatch.
 */
export const CRD_SIZE_TOLERANCE = 0.02;

/** One way declared facts differ from what the chart renders. */
export interface FactDifference {
  /** crds, customResources, webhooks, scrapes, pods or images. */
  readonly fact: keyof ObservedFacts;
  readonly message: string;
}

/** Every difference between the declared facts and those read from the chart's render. */
export function compareChartFacts(declared: ChartFacts, rendered: ObservedFacts): FactDifference[] {
  const differences: FactDifference[] = [];
  const sets = <T>(fact: keyof ObservedFacts, key: (item: T) => string, describe: (item: T) => string, ours: readonly T[], theirs: readonly T[]): void => {
    const declaredKeys = new Map(ours.map((item) => [key(item), item]));
    const renderedKeys = new Map(theirs.map((item) => [key(item), item]));
    for (const [k, item] of renderedKeys) if (!declaredKeys.has(k)) differences.push({ fact, message: `the chart renders ${describe(item)}, which is not declared` });
    for (const [k, item] of declaredKeys) if (!renderedKeys.has(k)) differences.push({ fact, message: `declared ${describe(item)}, which the chart does not render` });
  };
  sets('crds', (c) => `${c.group}/${c.kind}`, (c) => `CRD ${c.kind}.${c.group}`, declared.crds, rendered.crds);
  for (const crd of declared.crds) {
    const actual = rendered.crds.find((c) => c.group === crd.group && c.kind === crd.kind);
    if (actual === undefined) continue;
    const apart = Math.abs(actual.bytes - crd.bytes) / actual.bytes;
    const sideChanged = actual.bytes > LAST_APPLIED_LIMIT !== crd.bytes > LAST_APPLIED_LIMIT;
    if (apart > CRD_SIZE_TOLERANCE || sideChanged) {
      differences.push({ fact: 'crds', message: `CRD ${crd.kind}.${crd.group} is ${actual.bytes} bytes as compact JSON, declared ${crd.bytes} (${(apart * 100).toFixed(1)}% apart)` });
    }
  }
  sets('customResources', (c) => `${c.group}/${c.kind}`, (c) => `custom resources of kind ${c.kind}.${c.group}`, declared.customResources, rendered.customResources);
  sets('webhooks', (w) => `${w.namespace}/${w.service}/${w.port}`, (w) => `a webhook on Service ${w.namespace}/${w.service}, pod port ${w.port}`, declared.webhooks, rendered.webhooks);
  sets('scrapes', (s) => `${s.namespace}/${s.port}`, (s) => `a scrape of port ${s.port} in namespace ${s.namespace}`, declared.scrapes, rendered.scrapes);
  sets('pods', (p) => `${p.namespace}/${p.workload}/${p.level}`, (p) => `${p.workload} in ${p.namespace} needing ${p.level} (${p.reason})`, declared.pods, rendered.pods);
  sets('images', (i) => i, (i) => `image ${i}`, declared.images, rendered.images);
  return differences;
}
