import { App } from 'cdk8s';
import { buildEnvironment, type EnvironmentProps } from '../../charts/environment';
import { collectObjects } from './collect-objects';
import { chartFactsFile, declaredCharts, type DeclaredChart } from './declared-charts';
import type { RenderedObject } from './rendered-object';
import { toYaml } from './serialize';

/** Builds the construct tree of one environment; replaceable in tests (e.g. a chart that throws). */
export type EnvironmentBuilder = (app: App, props: EnvironmentProps) => void;

/** One cluster's rendered tree (clusters are rendered one at a time; an environment has one or more). */
export interface RenderedEnvironment {
  /** The tree's folder below dist/: "<env>/<cluster>" (EnvironmentConfig.cluster.distPath). */
  readonly name: string;
  /** The environment (overlays/<env>/) the cluster belongs to. */
  readonly environment: string;
  readonly objects: readonly RenderedObject[];
  /** File path below dist/<env>/<cluster>/ -> text, in path order: the objects' YAML and the charts' facts files. */
  readonly files: ReadonlyMap<string, string>;
  /** The upstream Helm charts the environment's Applications install, with their declared facts. */
  readonly charts: readonly DeclaredChart[];
}

/** Renders one environment entirely in memory: nothing touches the disk here. */
export function renderEnvironment(props: EnvironmentProps, build: EnvironmentBuilder = buildEnvironment): RenderedEnvironment {
  const app = new App();
  build(app, props);
  const objects = collectObjects(app);
  const charts = declaredCharts(app, props.environment);
  const entries: [string, string][] = [...objects.map((rendered): [string, string] => [rendered.file, toYaml(rendered.object)]), ...charts.map(chartFactsFile)];
  const files = new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { name: props.environment.cluster.distPath, environment: props.environment.name, objects, files, charts };
}

/**
 * The rendered clusters grouped into environment folders, the unit dist/ is published in: each
 * environment's file map holds its clusters' files as "<cluster>/<path>", so a cluster removed
 * from the overlays (or the files of an older layout) disappear with the environment's swap.
 */
export function environmentTrees(rendered: readonly RenderedEnvironment[]): Map<string, Map<string, string>> {
  const trees = new Map<string, Map<string, string>>();
  for (const cluster of rendered) {
    const tree = trees.get(cluster.environment) ?? new Map<string, string>();
    const prefix = cluster.name.slice(cluster.environment.length + 1);
    for (const [file, text] of cluster.files) tree.set(`${prefix}/${file}`, text);
    trees.set(cluster.environment, tree);
  }
  return trees;
}
