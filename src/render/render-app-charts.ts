import { App } from 'cdk8s';
import type { AppDefinition } from '../../charts/lib/app-definition';
import { ApplicationChart } from '../../charts/lib/application-chart';
import type { EnvironmentConfig } from '../config/environment-config';
import { collectObjects } from './collect-objects';
import { toYaml } from './serialize';

/** One app's folder in one cluster's tree, rendered. */
export interface RenderedAppFolder {
  readonly app: string;
  /** The chart's folder below the cluster's tree, e.g. apps/shop (its DistChart folder). */
  readonly folder: string;
  /** File name inside the folder -> YAML text, in name order. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Renders only the named apps' charts of one cluster, in memory: the same ApplicationChart the
 * full render builds (charts/environment.ts), with the same props (the cluster's config and every
 * app of the repository, which its NetworkPolicy needs for callers and callees), but without the
 * platform, the other apps and the app-of-apps. An app chart's objects depend only on those
 * props, never on other charts of the App (test/render/render-app-change.test.ts compares
 * against full renders), so each folder is byte-identical to the full render's.
 */
export function renderAppCharts(environment: EnvironmentConfig, apps: readonly AppDefinition[], names: readonly string[]): RenderedAppFolder[] {
  // The list every app chart gets from buildEnvironment (AppCallGraph caches per list).
  const all = [...apps].sort((a, b) => a.name.localeCompare(b.name));
  const scope = new App();
  const charts = names.map((name) => {
    const app = all.find((definition) => definition.name === name);
    if (!app) throw new Error(`no app '${name}' among the defined apps, expected one of: ${all.map((a) => a.name).join(', ')}`);
    return new ApplicationChart(scope, { app, environment, apps: all });
  });
  const objects = collectObjects(scope);
  return charts.map((chart) => {
    const prefix = `${chart.folder}/`;
    const files = objects.filter((rendered) => rendered.folder === chart.folder).map((rendered): [string, string] => [rendered.file.slice(prefix.length), toYaml(rendered.object)]);
    return { app: chart.node.id, folder: chart.folder, files: new Map(files) };
  });
}
