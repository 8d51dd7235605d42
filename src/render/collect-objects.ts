import { ApiObject, Chart, type App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { isClusterScoped } from '../../charts/lib/cluster-scoped';
import { DistChart } from '../../charts/lib/dist-chart';
import { FolderChart } from '../../charts/lib/folder-chart';
import { rendersObjects, type KubeObjects } from '../../charts/lib/kube-objects';
import { entryJson, objectJson } from './object-json';
import type { KubeObject, RenderedObject } from './rendered-object';

/**
 * Resolves every object of the App exactly once and assigns it a file, sorted by path.
 *
 * Why not chart.toJson() or App.synth(): toJson() re-resolves and re-validates the whole App on
 * every call (quadratic over many charts), and App.synth() writes files itself with names we do
 * not control and never deletes stale ones. Walking the tree once is linear and gives us the
 * objects in memory, where the writer and the checks can use them without re-reading YAML.
 */
export function collectObjects(app: App): RenderedObject[] {
  return collectSorted(app, (object, file, folder) => ({ file, folder, object }));
}

/**
 * Each object's file and its text (`serialize` of the object), sorted by path: the same walk as
 * collectObjects, for a caller that only writes the files (synth). Each object is serialized as
 * soon as it is resolved and its JSON is not kept, so that garbage dies young: keeping ~17,000
 * objects' JSON per environment until the end made the collector copy it between generations
 * (docs/PERFORMANCE.md).
 */
export function collectFiles(app: App, serialize: (object: KubeObject) => string): CollectedFile[] {
  return collectSorted(app, (object, file) => ({ file, text: serialize(object) }));
}

/** One object's file below the cluster's tree and its text. */
export interface CollectedFile {
  readonly file: string;
  readonly text: string;
}

/** Walks, validates and resolves the App; `make` turns each object into the entry kept for it. */
function collectSorted<T extends { readonly file: string }>(app: App, make: (object: KubeObject, file: string, folder: string) => T): T[] {
  const { objectsByChart, validationErrors, outsideFolderChart } = walkTree(app);
  if (validationErrors.length > 0) throw new Error(`validation failed:\n  ${validationErrors.join('\n  ')}`);
  if (outsideFolderChart !== undefined) throw new Error(`${outsideFolderChart}: object is not inside a FolderChart, so it has no dist folder`);

  const entries: T[] = [];
  // What made each entry, for error messages (a KubeObjects' path; the file names the object).
  const sources: (ApiObject | KubeObjects)[] = [];
  for (const [chart, chartSources] of objectsByChart) {
    if (chartSources.length === 0 && DistChart.isDistChart(chart) && !chart.helm) {
      throw new Error(`chart '${chart.node.path}' rendered no objects: its Argo CD Application would sync an empty folder`);
    }
    const add = (json: KubeObject, source: ApiObject | KubeObjects): void => {
      const object = withoutStampedNamespace(json, chart.namespace, source.node);
      entries.push(make(object, joinPath(chart.folder, chart.fileName ?? fileNameOf(object, chart.namespace)), chart.folder));
      sources.push(source);
    };
    // Chart.labels copies on every read; read once per chart.
    const defaults = { namespace: chart.namespace, labels: chart.labels };
    for (const source of chartSources) {
      if (source instanceof ApiObject) add(objectJson(source), source);
      else for (const entry of source.entries) add(entryJson(entry, defaults, source.annotations), source);
    }
  }
  // Sorted (stable: same-named files keep tree order), two objects for one file are neighbours.
  const order = entries.map((_, index) => index).sort((a, b) => {
    const fileA = entries[a]!.file;
    const fileB = entries[b]!.file;
    return fileA < fileB ? -1 : fileA > fileB ? 1 : a - b;
  });
  for (let i = 1; i < order.length; i++) {
    const previous = order[i - 1]!;
    const current = order[i]!;
    if (entries[previous]!.file === entries[current]!.file) {
      throw new Error(`two objects render to ${entries[current]!.file}: ${sources[previous]!.node.path} and ${sources[current]!.node.path}; give them distinct names`);
    }
  }
  return order.map((index) => entries[index]!);
}

interface TreeContents {
  /** Every FolderChart in tree order, with the objects (ApiObjects, or KubeObjects holding several) whose nearest chart it is. */
  readonly objectsByChart: Map<FolderChart, (ApiObject | KubeObjects)[]>;
  /** What the constructs' own validations report, as `[path] message`. */
  readonly validationErrors: string[];
  /** Path of the first object whose nearest chart is no FolderChart. */
  readonly outsideFolderChart: string | undefined;
}

/**
 * One pre-order walk (the order of node.findAll()) that validates every construct and files
 * each object under its nearest chart, carried down the walk instead of looked up per object.
 */
function walkTree(app: App): TreeContents {
  const contents: TreeContents & { outsideFolderChart: string | undefined } = { objectsByChart: new Map(), validationErrors: [], outsideFolderChart: undefined };
  const visit = (construct: IConstruct, chart: Chart | undefined): void => {
    for (const error of construct.node.validate()) contents.validationErrors.push(`[${construct.node.path}] ${error}`);
    if (Chart.isChart(construct)) chart = construct;
    if (FolderChart.isFolderChart(construct)) contents.objectsByChart.set(construct, []);
    if (rendersObjects(construct)) {
      if (FolderChart.isFolderChart(chart)) contents.objectsByChart.get(chart)?.push(construct);
      else contents.outsideFolderChart ??= construct.node.path;
    }
    for (const child of construct.node.children) visit(child, chart);
  };
  visit(app, undefined);
  return contents;
}

/**
 * <kind>-<name>.yaml; objects outside the chart's own namespace (charts spanning namespaces)
 * get <kind>-<namespace>-<name>.yaml so that same-named objects in two namespaces never collide.
 */
export function fileNameOf(object: KubeObject, chartNamespace: string | undefined): string {
  const kind = object.kind.toLowerCase();
  const namespace = object.metadata.namespace;
  const qualifier = namespace !== undefined && namespace !== chartNamespace ? `${namespace}-` : '';
  return `${kind}-${qualifier}${object.metadata.name}.yaml`;
}

function joinPath(folder: string, file: string): string {
  return folder === '' ? file : `${folder}/${file}`;
}

/**
 * cdk8s stamps a chart's namespace onto every object, cluster-scoped ones included, where it is
 * wrong and misleads reviewers. Drop exactly that stamp; any other namespace on a cluster-scoped
 * object was set by hand and is a bug worth stopping for.
 */
export function withoutStampedNamespace(object: KubeObject, chartNamespace: string | undefined, construct: { readonly path: string }): KubeObject {
  const namespace = object.metadata.namespace;
  if (namespace === undefined || !isClusterScoped(object.apiVersion, object.kind)) return object;
  if (namespace !== chartNamespace) {
    throw new Error(`${construct.path}: ${object.kind} '${object.metadata.name}' is cluster-scoped but has namespace '${namespace}'`);
  }
  const { namespace: _stamped, ...metadata } = object.metadata;
  return { ...object, metadata };
}
