import { parse } from 'yaml';
import { groupOf } from '../../../charts/lib/cluster-scoped';
import { helmRenderRequests, type DestinationCluster } from '../../helm/helm-render-request';
import { renderChart, type RenderChartOptions } from '../../helm/render-chart';
import { CHART_FACTS_FOLDER } from '../../render/declared-charts';
import type { KubeObject } from '../../render/rendered-object';
import { changedFields, treeLabel } from './dist-diff';

/** The facts file of one Application as written to dist/<env>/<cluster>/chart-facts/<application>.json. */
interface FactsFile {
  readonly facts: Record<string, unknown>;
}

/** What a chart change does in one cluster. */
export interface ChartChange {
  /** The cluster's tree: the environment, or "<env>/<cluster>" when it names its clusters (treeLabel). */
  readonly env: string;
  readonly application: string;
  /** e.g. "fixture-operator 1.2.3 -> 1.2.4", "fixture-operator 1.2.3 (values changed)", "new fixture-operator 1.2.3". */
  readonly summary: string;
  /** Declared facts that changed, one line each (always computed: the facts files are in dist/). */
  readonly facts: readonly string[];
  /** The chart's own objects added/changed/removed, when both sides could be rendered. */
  readonly objects?: readonly string[];
}

export interface ChartDiffOptions {
  /** Renders charts when given (helm built, charts at hand); undefined lists declared facts only. */
  readonly render?: RenderChartOptions;
  /** The destination cluster of each tree, by its path below dist/ ("<env>/<cluster>"): Kubernetes version, API versions. */
  readonly clusters?: ReadonlyMap<string, DestinationCluster>;
}

/**
 * Chart changes between two dist/ trees (path below dist/ -> text, only files that differ): per
 * cluster tree and Application, the chart version and values change, the declared facts that
 * changed, and, where the charts are at hand, the objects the chart renders that are added,
 * changed or removed.
 */
export async function diffCharts(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>, options: ChartDiffOptions = {}): Promise<ChartChange[]> {
  const differing = [...new Set([...base.keys(), ...head.keys()])].filter((file) => base.get(file) !== head.get(file)).sort();
  // Applications whose facts file changed, or whose Helm source (version, values) changed.
  const candidates = new Set<string>();
  for (const file of differing) {
    const [env = '', cluster = '', folder, name = ''] = file.split('/');
    if (folder === CHART_FACTS_FOLDER && name.endsWith('.json')) candidates.add(`${env}/${cluster}/${name.slice(0, -'.json'.length)}`);
    const match = /^application-(.+)\.yaml$/.exec(name);
    if (folder === 'argocd' && match && [base.get(file), head.get(file)].some((text) => text !== undefined && chartOf(parse(text) as KubeObject) !== undefined)) candidates.add(`${env}/${cluster}/${match[1]}`);
  }
  const changes: ChartChange[] = [];
  for (const candidate of [...candidates].sort()) {
    const [env = '', cluster = '', application = ''] = candidate.split('/');
    const tree = `${env}/${cluster}`;
    const factsFile = `${tree}/${CHART_FACTS_FOLDER}/${application}.json`;
    const appFile = `${tree}/argocd/application-${application}.yaml`;
    // A file missing from one side is unchanged when the other side has it only because it differs elsewhere.
    const side = (tree: ReadonlyMap<string, string>, other: ReadonlyMap<string, string>, file: string) => tree.get(file) ?? (differing.includes(file) ? undefined : other.get(file));
    const beforeApp = parseApplication(side(base, head, appFile));
    const afterApp = parseApplication(side(head, base, appFile));
    const before = readFacts(side(base, head, factsFile));
    const after = readFacts(side(head, base, factsFile));
    const change: ChartChange = { env: treeLabel(env, cluster), application, summary: summarize(beforeApp, afterApp), facts: factLines(before?.facts ?? {}, after?.facts ?? {}) };
    const destination = options.clusters?.get(tree);
    const objects = options.render !== undefined && destination !== undefined ? await renderedChanges(options.render, destination, beforeApp, afterApp) : undefined;
    changes.push(objects === undefined ? change : { ...change, objects });
  }
  return changes;
}

/** The Helm source of an Application: chart, version and values. */
function chartOf(application: KubeObject | undefined): { chart: string; version: string; values: string } | undefined {
  const spec = (application?.spec ?? {}) as { source?: Record<string, unknown>; sources?: Record<string, unknown>[] };
  const source = (spec.sources ?? (spec.source ? [spec.source] : [])).find((s) => typeof s['chart'] === 'string');
  if (source === undefined) return undefined;
  return { chart: String(source['chart']), version: String(source['targetRevision']), values: JSON.stringify((source['helm'] as Record<string, unknown> | undefined)?.['valuesObject'] ?? {}) };
}

function parseApplication(text: string | undefined): KubeObject | undefined {
  return text === undefined ? undefined : (parse(text) as KubeObject);
}

function readFacts(text: string | undefined): FactsFile | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as FactsFile);
}

function summarize(beforeApp: KubeObject | undefined, afterApp: KubeObject | undefined): string {
  const before = chartOf(beforeApp);
  const after = chartOf(afterApp);
  if (before === undefined && after === undefined) return 'declared facts changed';
  if (before === undefined) return `new ${after!.chart} ${after!.version}`;
  if (after === undefined) return `removed ${before.chart} ${before.version}`;
  const values = before.values === after.values ? '' : ' (values changed)';
  return before.version !== after.version ? `${after.chart} ${before.version} -> ${after.version}${values}` : `${after.chart} ${after.version}${values}`;
}

/** One line per declared fact added or removed (lists compared by their JSON items). */
function factLines(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const a = before[key];
    const b = after[key];
    if (Array.isArray(a) || Array.isArray(b)) {
      const left = new Set(((a ?? []) as unknown[]).map((item) => JSON.stringify(item)));
      const right = new Set(((b ?? []) as unknown[]).map((item) => JSON.stringify(item)));
      for (const item of right) if (!left.has(item)) lines.push(`${key}: + ${describe(item)}`);
      for (const item of left) if (!right.has(item)) lines.push(`${key}: - ${describe(item)}`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      lines.push(`${key}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
    }
  }
  return lines;
}

function describe(json: string): string {
  const value = JSON.parse(json) as unknown;
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return json;
  return Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'measuredFrom').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
}

/** Object changes of the chart between the two Applications; undefined when a side cannot be rendered. */
async function renderedChanges(options: RenderChartOptions, cluster: DestinationCluster, before: KubeObject | undefined, after: KubeObject | undefined): Promise<string[] | undefined> {
  const render = async (application: KubeObject | undefined): Promise<Map<string, KubeObject> | undefined> => {
    if (application === undefined) return new Map();
    const [request] = helmRenderRequests(application, cluster);
    if (request === undefined) return new Map();
    try {
      const { objects } = await renderChart(request, options);
      return new Map(objects.map((o) => [`${o.kind} ${o.metadata.namespace === undefined ? '' : `${o.metadata.namespace}/`}${o.metadata.name} (${groupOf(o.apiVersion) || 'core'})`, o]));
    } catch {
      return undefined; // not at hand (or refused): the declared facts above are what can be said
    }
  };
  const [left, right] = [await render(before), await render(after)];
  if (left === undefined || right === undefined) return undefined;
  const lines: string[] = [];
  for (const key of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const a = left.get(key);
    const b = right.get(key);
    if (a === undefined) lines.push(`added ${key}`);
    else if (b === undefined) lines.push(`removed ${key}`);
    else {
      const fields = changedFields(a as never, b as never, '');
      if (fields.length > 0) lines.push(`changed ${key}: ${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ` (+${fields.length - 6} more)` : ''}`);
    }
  }
  return lines;
}

/** The Markdown section for a pull request: per cluster tree and Application, what the chart change does. */
export function formatChartChanges(changes: readonly ChartChange[]): string {
  if (changes.length === 0) return '';
  const lines = ['### Helm charts', ''];
  for (const change of changes) {
    lines.push(`- ${change.env}, Application ${change.application}: ${change.summary}`);
    if (change.objects !== undefined) {
      lines.push(`  - rendered: ${change.objects.length === 0 ? 'no object changes' : ''}`.trimEnd());
      for (const line of change.objects) lines.push(`    - ${line}`);
    } else {
      lines.push('  - not rendered (charts not at hand: npm run tools && npm run charts); declared facts:');
    }
    if (change.facts.length === 0) lines.push('  - declared facts unchanged');
    for (const line of change.facts) lines.push(`  - facts ${line}`);
  }
  lines.push('');
  return lines.join('\n');
}
