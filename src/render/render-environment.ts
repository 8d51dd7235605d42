import { App } from 'cdk8s';
import { buildEnvironment, type EnvironmentProps } from '../../charts/environment';
import { collectFiles, collectObjects } from './collect-objects';
import { chartFactsFile, declaredCharts, type DeclaredChart } from './declared-charts';
import type { RenderedObject } from './rendered-object';
import { toYaml } from './serialize';

/** Builds the construct tree of one environment; replaceable in tests (e.g. a chart that throws). */
export type EnvironmentBuilder = (app: App, props: EnvironmentProps) => void;

/** One cluster's rendered files (clusters are rendered one at a time; an environment has one or more). */
export interface RenderedFiles {
  /** The tree's folder below dist/: "<env>/<cluster>" (EnvironmentConfig.cluster.distPath). */
  readonly name: string;
  /** The environment (overlays/<env>/) the cluster belongs to. */
  readonly environment: string;
  readonly objectCount: number;
  /** File path below dist/<env>/<cluster>/ -> text, in path order: the objects' YAML and the charts' facts files. */
  readonly files: ReadonlyMap<string, string>;
  /** The upstream Helm charts the environment's Applications install, with their declared facts. */
  readonly charts: readonly DeclaredChart[];
}

/** One cluster's rendered tree with its objects as JSON, for the checks. */
export interface RenderedEnvironment extends RenderedFiles {
  readonly objects: readonly RenderedObject[];
}

/** Renders one cluster entirely in memory, keeping every object's JSON: nothing touches the disk here. */
export function renderEnvironment(props: EnvironmentProps, build: EnvironmentBuilder = buildEnvironment): RenderedEnvironment {
  const app = buildApp(props, build);
  const objects = collectObjects(app);
  const charts = declaredCharts(app, props.environment);
  const files = sortedFiles([...objects.map((rendered): [string, string] => [rendered.file, toYaml(rendered.object)]), ...charts.map(chartFactsFile)]);
  return { name: props.environment.cluster.distPath, environment: props.environment.name, objectCount: objects.length, objects, files, charts };
}

/**
 * Renders one cluster's files only, for synth: the same files as renderEnvironment, but each
 * object is written to YAML as soon as it is resolved and its JSON is dropped (collectFiles).
 */
export function renderEnvironmentFiles(props: EnvironmentProps, build: EnvironmentBuilder = buildEnvironment): RenderedFiles {
  const app = buildApp(props, build);
  const collected = collectFiles(app, toYaml);
  const charts = declaredCharts(app, props.environment);
  const files = sortedFiles([...collected.map(({ file, text }): [string, string] => [file, text]), ...charts.map(chartFactsFile)]);
  return { name: props.environment.cluster.distPath, environment: props.environment.name, objectCount: collected.length, files, charts };
}

function buildApp(props: EnvironmentProps, build: EnvironmentBuilder): App {
  const app = new App();
  build(app, props);
  return app;
}

function sortedFiles(entries: [string, string][]): Map<string, string> {
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * One environment's clusters as the folder dist/ is published in: the clusters' files as
 * "<cluster>/<path>", so a cluster removed from the overlays (or the files of an older layout)
 * disappear with the environment's swap.
 */
export function environmentTree(clusters: readonly RenderedFiles[]): Map<string, string> {
  const tree = new Map<string, string>();
  for (const cluster of clusters) {
    const prefix = cluster.name.slice(cluster.environment.length + 1);
    for (const [file, text] of cluster.files) tree.set(`${prefix}/${file}`, text);
  }
  return tree;
}
