import { App } from 'cdk8s';
import { buildEnvironment, type EnvironmentProps } from '../../charts/environment';
import { collectObjects } from './collect-objects';
import type { RenderedObject } from './rendered-object';
import { toYaml } from './serialize';

/** Builds the construct tree of one environment; replaceable in tests (e.g. a chart that throws). */
export type EnvironmentBuilder = (app: App, props: EnvironmentProps) => void;

export interface RenderedEnvironment {
  readonly name: string;
  readonly objects: readonly RenderedObject[];
  /** File path below dist/<env>/ -> YAML text, in path order. */
  readonly files: ReadonlyMap<string, string>;
}

/** Renders one environment entirely in memory: nothing touches the disk here. */
export function renderEnvironment(props: EnvironmentProps, build: EnvironmentBuilder = buildEnvironment): RenderedEnvironment {
  const app = new App();
  build(app, props);
  const objects = collectObjects(app);
  const files = new Map<string, string>();
  for (const rendered of objects) files.set(rendered.file, toYaml(rendered.object));
  return { name: props.environment.name, objects, files };
}
