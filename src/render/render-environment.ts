import { App } from 'cdk8s';
import { buildEnvironment, type EnvironmentProps } from '../../charts/environment';
import { collectObjects } from './collect-objects';
import { chartFactsFile, declaredCharts, type DeclaredChart } from './declared-charts';
import type { RenderedObject } from './rendered-object';
import { toYaml } from './serialize';

/** Builds the construct tree of one environment; replaceable in tests (e.g. a chart that throws). */
export type EnvironmentBuilder = (app: App, props: EnvironmentProps) => void;

export interface RenderedEnvironment {
  readonly name: string;
  readonly objects: readonly RenderedObject[];
  /** File path below dist/<env>/ -> text, in path order: the objects' YAML and the charts' facts files. */
  readonly files: ReadonlyMap<string, string>;
  /** The upstream Helm charts the environment's Applications install, with their declared facts. */
  readonly charts: readonly DeclaredChart[];
}

/** Renders one environment entirely in memory: nothing touches the disk here. */
export function renderEnvironment(props: EnvironmentProps, build: EnvironmentBuilder = buildEnvironment): RenderedEnvironment {
  const app = new App();
  build(app, props);
  const objects = collectObjects(app);
  const charts = declaredCharts(app);
  const entries: [string, string][] = [...objects.map((rendered): [string, string] => [rendered.file, toYaml(rendered.object)]), ...charts.map(chartFactsFile)];
  const files = new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { name: props.environment.name, objects, files, charts };
}
