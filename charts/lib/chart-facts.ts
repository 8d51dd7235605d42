/**
 * What an upstream Helm chart brings into the cluster for the values a component sets, declared
 * next to those values (charts/platform/<component>/*-facts.ts) as a function of them. Argo CD
 * renders the chart at sync time, so without these facts `npm run check` would not see most of
 * the platform. Where the chart itself is at hand, the check renders it and compares
 * (src/helm/chart-facts-of-render.ts); docs/decisions/chart-facts.md says how they are derived.
 */
export interface ChartFacts {
  /**
   * The chart version the facts were derived for (by reading its templates). A chart bump that
   * does not re-derive them is an error (rule chart-facts-version), so they never go stale silently.
   */
  readonly chartVersion: string;
  /** The component file these facts are declared in (shown in findings and exemptions). */
  readonly declaredIn: string;
  /** CustomResourceDefinitions the chart installs (crds/ or templates). */
  readonly crds: readonly CrdFact[];
  /** Custom resources the chart renders (ServiceMonitor, PrometheusRule, ...): each kind once. */
  readonly customResources: readonly KindFact[];
  /**
   * Admission webhooks and aggregated APIs (APIService, e.g. metrics.k8s.io): the Service the API
   * server calls and the pod port it reaches.
   */
  readonly webhooks: readonly WebhookFact[];
  /** Pod ports Prometheus scrapes through the chart's ServiceMonitors and PodMonitors. */
  readonly scrapes: readonly ScrapeFact[];
  /** Pods needing more than the `restricted` Pod Security level, and why. */
  readonly pods: readonly PodFact[];
  /** Every container image the chart runs, exactly as it renders the reference. */
  readonly images: readonly string[];
  /** Findings of the check that cannot be fixed through values, each with a reviewed reason. */
  readonly exemptions: readonly ChartExemption[];
  /**
   * Container runtime handlers the chart installs on its nodes (containerd configuration written
   * by a node agent, e.g. kata-deploy's kata-qemu-snp): what a RuntimeClass's handler needs.
   * Declared only: no object in a render shows them. @default - none
   */
  readonly runtimeHandlers?: readonly string[];
}

export interface KindFact {
  /** API group ('' for the core group). */
  readonly group: string;
  readonly kind: string;
}

export interface CrdFact extends KindFact {
  /**
   * Size of the CRD as compact JSON (what client-side apply stores in the last-applied-configuration
   * annotation, limited to 262,144 bytes).
   */
  readonly bytes: number;
  /** Where the number was measured: the pinned upstream file, or how it was estimated. */
  readonly measuredFrom: string;
}

export interface WebhookFact {
  /** The Service of clientConfig.service. */
  readonly service: string;
  readonly namespace: string;
  /** The container port the Service forwards to: what a NetworkPolicy must admit. */
  readonly port: number;
}

export interface ScrapeFact {
  /** Namespace of the scraped pods. */
  readonly namespace: string;
  /** Container port scraped. */
  readonly port: number;
}

export interface PodFact {
  /** <Kind>/<name> of the workload, e.g. DaemonSet/velero-node-agent. */
  readonly workload: string;
  readonly namespace: string;
  /** The lowest Pod Security level that admits the pod. */
  readonly level: 'baseline' | 'privileged';
  /** What in the pod needs it. */
  readonly reason: string;
}

export interface ChartExemption {
  /** Id of the rule waived (npm run check -- --rules). */
  readonly rule: string;
  /** What it waives: an image reference, a CRD kind, ...; undefined waives the rule for the whole chart. */
  readonly subject?: string;
  readonly reason: string;
}

/** The facts' lists in a stable order, so the rendered facts file never changes by accident. */
export function chartFacts(facts: ChartFacts): ChartFacts {
  const by = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    chartVersion: facts.chartVersion,
    declaredIn: facts.declaredIn,
    crds: [...facts.crds].sort(by((c) => `${c.group}/${c.kind}`)),
    customResources: [...facts.customResources].sort(by((c) => `${c.group}/${c.kind}`)),
    webhooks: [...facts.webhooks].sort(by((w) => `${w.namespace}/${w.service}/${w.port}`)),
    scrapes: [...facts.scrapes].sort(by((s) => `${s.namespace}/${String(s.port).padStart(5, '0')}`)),
    pods: [...facts.pods].sort(by((p) => `${p.namespace}/${p.workload}`)),
    images: [...new Set(facts.images)].sort(),
    exemptions: [...facts.exemptions].sort(by((e) => `${e.rule}/${e.subject ?? ''}`)),
    ...(facts.runtimeHandlers ? { runtimeHandlers: [...new Set(facts.runtimeHandlers)].sort() } : {}),
  };
}

/** Group and kind of the prometheus-operator kinds charts render. */
export const MONITORING_KINDS = {
  serviceMonitor: { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
  podMonitor: { group: 'monitoring.coreos.com', kind: 'PodMonitor' },
  prometheusRule: { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
} as const satisfies Record<string, KindFact>;

/** An image not pinned by digest because no digest is known here: the exemption, with why. */
export function tagPinnedImage(image: string, why = 'the chart pins this image by tag only and no digest for it was available where the facts were derived (no registry access); set the chart\'s digest value once the digest has been verified'): ChartExemption {
  return { rule: 'chart-image-digest', subject: image, reason: why };
}

/**
 * A CRD whose size was measured on the pinned upstream file (../shared/upstream/crds/<file>); the
 * oracle test (test/platform/chart-facts.test.ts) recomputes every such number from that file.
 */
export function upstreamCrd(group: string, kind: string, bytes: number, file: string): CrdFact {
  return { group, kind, bytes, measuredFrom: `${UPSTREAM_CRDS}${file}` };
}

/** Prefix of measuredFrom for sizes measured on ../shared/upstream/crds. */
export const UPSTREAM_CRDS = 'upstream crds/';

/**
 * A CRD with no copy in ../shared/upstream/crds: its size is an estimate, and `how` says what it
 * rests on. Only the side of the 262,144-byte limit matters to the check; a render (where the
 * chart is at hand) replaces the estimate and rule chart-facts-match reports a wrong one.
 */
export function estimatedCrd(group: string, kind: string, bytes: number, how: string): CrdFact {
  return { group, kind, bytes, measuredFrom: `estimate: ${how}` };
}
