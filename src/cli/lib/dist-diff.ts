import { parse } from 'yaml';
import { CHART_FACTS_FOLDER } from '../../render/declared-charts';
import { shortDigest } from './image-reference';

export type ChangeKind = 'added' | 'changed' | 'removed';

/** A container whose image differs between the two sides (undefined: not on that side). */
export interface ImageMove {
  readonly container: string;
  readonly from: string | undefined;
  readonly to: string | undefined;
}

/** One rendered object (one file below dist/) that differs. */
export interface ObjectChange {
  /** Path below dist/, e.g. staging/staging/apps/web/deployment-web.yaml. */
  readonly file: string;
  readonly env: string;
  /** The cluster whose tree (dist/<env>/<cluster>/) holds the file. */
  readonly cluster: string;
  /** The folder below dist/<env>/<cluster>/ (apps/web, platform/tenancy, argocd, restore; '' for root.yaml). */
  readonly folder: string;
  readonly kind: ChangeKind;
  /** e.g. "Deployment web/web" (namespace/name) or "Namespace web". */
  readonly object: string;
  /** Changed field paths (for `changed`), e.g. spec.template.spec.containers[web].image. */
  readonly fields: readonly string[];
  readonly images: readonly ImageMove[];
}

/** Compares two dist/ trees (path below dist/ -> YAML text); the result is sorted by file. */
export function diffDistTrees(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): ObjectChange[] {
  const files = [...new Set([...base.keys(), ...head.keys()])].sort();
  const changes: ObjectChange[] = [];
  for (const file of files) {
    const before = base.get(file);
    const after = head.get(file);
    if (before === after) continue;
    // A chart's declared facts are not objects: diffCharts (chart-diff.ts) summarizes them.
    const [env = '', cluster = '', ...rest] = file.split('/');
    if (rest[0] === CHART_FACTS_FOLDER) continue;
    const kind: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    const oldObject = before === undefined ? undefined : parseObject(before);
    const newObject = after === undefined ? undefined : parseObject(after);
    changes.push({
      file,
      env,
      cluster,
      // apps/<app>/ and platform/<component>/ are one Application each; argocd/ and restore/ hold their files directly.
      folder: rest.length <= 1 ? '' : rest.length === 2 ? rest[0]! : rest.slice(0, 2).join('/'),
      kind,
      object: describeObject(newObject ?? oldObject, file),
      fields: kind === 'changed' ? changedFields(oldObject, newObject, '') : [],
      images: imageMoves(oldObject, newObject),
    });
  }
  return changes;
}

export interface FormatOptions {
  /** Environments in promotion order; each is listed, with "No changes." where nothing differs. */
  readonly environments: readonly string[];
  /** An environment's clusters in wave order, to list each (with "No changes." where nothing differs); else the clusters that changed. */
  readonly clusters?: ReadonlyMap<string, readonly string[]>;
  /** First line, e.g. what was compared. */
  readonly title: string;
  /** At most this many field paths per object. @default 6 */
  readonly maxFields?: number;
}

/** How a cluster's tree is named in summaries: the environment when its one cluster is named after it, else "<env>/<cluster>". */
export function treeLabel(env: string, cluster: string): string {
  return env === cluster ? env : `${env}/${cluster}`;
}

/**
 * A Markdown summary for a pull request: digests moved first (what a promotion is about),
 * then per cluster tree and Application folder every object added, changed or removed.
 */
export function formatDistDiff(changes: readonly ObjectChange[], options: FormatOptions): string {
  const maxFields = options.maxFields ?? 6;
  const lines = [options.title, ''];
  const moves = changes.flatMap((c) => c.images.map((move) => ({ change: c, move })));
  if (moves.length > 0) {
    lines.push('Digests moved:');
    for (const { change, move } of moves) lines.push(`- ${treeLabel(change.env, change.cluster)}, ${change.object}, container ${move.container}: ${describeMove(move)}`);
    lines.push('');
  }
  const environments = [...options.environments, ...new Set(changes.map((c) => c.env).filter((env) => !options.environments.includes(env)))];
  for (const env of environments) {
    const inEnv = changes.filter((c) => c.env === env);
    const changed = [...new Set(inEnv.map((c) => c.cluster))];
    const clusters = options.clusters?.get(env) ?? [];
    const listed = [...clusters, ...changed.filter((cluster) => !clusters.includes(cluster))];
    if (listed.length === 0) lines.push(`### ${env}`, 'No changes.', '');
    for (const cluster of listed) {
      const inCluster = inEnv.filter((c) => c.cluster === cluster);
      lines.push(`### ${treeLabel(env, cluster)}`);
      if (inCluster.length === 0) lines.push('No changes.');
      for (const folder of [...new Set(inCluster.map((c) => c.folder))]) {
        const inFolder = inCluster.filter((c) => c.folder === folder);
        lines.push(`- ${folder === '' ? 'root.yaml' : folder}: ${counts(inFolder)}`);
        for (const change of inFolder) {
          const fields = change.fields.length > maxFields ? [...change.fields.slice(0, maxFields), `(+${change.fields.length - maxFields} more)`] : change.fields;
          lines.push(`  - ${change.kind} ${change.object}${fields.length > 0 ? `: ${fields.join(', ')}` : ''}`);
        }
      }
      lines.push('');
    }
  }
  lines.push(`Total: ${counts(changes) || 'no changes'}.`);
  return lines.join('\n');
}

function counts(changes: readonly ObjectChange[]): string {
  const n = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  return changes.length === 0 ? '' : `${n('added')} added, ${n('changed')} changed, ${n('removed')} removed`;
}

function describeMove(move: ImageMove): string {
  const split = (image: string) => {
    const at = image.indexOf('@');
    return at === -1 ? { repository: image, version: '' } : { repository: image.slice(0, at), version: shortDigest(image.slice(at + 1)) };
  };
  if (move.from === undefined) return `new ${move.to}`;
  if (move.to === undefined) return `removed ${move.from}`;
  const from = split(move.from);
  const to = split(move.to);
  return from.repository === to.repository ? `${to.repository} ${from.version} -> ${to.version}` : `${from.repository}@${from.version} -> ${to.repository}@${to.version}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parseObject(text: string): Json | undefined {
  try {
    return parse(text) as Json;
  } catch {
    return undefined;
  }
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeObject(object: Json | undefined, file: string): string {
  if (!isObject(object) || !isObject(object['metadata'])) return file;
  const metadata = object['metadata'];
  const name = String(metadata['name'] ?? '?');
  const namespace = metadata['namespace'];
  return `${String(object['kind'] ?? '?')} ${typeof namespace === 'string' ? `${namespace}/${name}` : name}`;
}

/** Leaf paths that differ; list items with a `name` are addressed by it (containers[web]). */
export function changedFields(a: Json | undefined, b: Json | undefined, path: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => changedFields(a[key], b[key], path === '' ? key : `${path}.${key}`));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (list: Json[]) => list.every((item) => isObject(item) && typeof item['name'] === 'string');
    if (named(a) && named(b)) {
      const byName = (list: Json[]) => new Map(list.map((item) => [String((item as { name: string }).name), item]));
      const left = byName(a);
      const right = byName(b);
      const names = [...new Set([...left.keys(), ...right.keys()])];
      return names.flatMap((name) => changedFields(left.get(name), right.get(name), `${path}[${name}]`));
    }
    if (a.length === b.length) return a.flatMap((item, i) => changedFields(item, b[i], `${path}[${i}]`));
  }
  return [path === '' ? '(whole object)' : path];
}

/** Containers of a pod template (Deployment and other workloads) and their images. */
function imagesOf(object: Json | undefined): Map<string, string> {
  const images = new Map<string, string>();
  if (!isObject(object)) return images;
  const spec = object['spec'];
  const template = isObject(spec) ? spec['template'] : undefined;
  const podSpec = isObject(template) ? template['spec'] : undefined;
  if (!isObject(podSpec)) return images;
  for (const list of [podSpec['initContainers'], podSpec['containers']]) {
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (isObject(container) && typeof container['name'] === 'string' && typeof container['image'] === 'string') images.set(container['name'], container['image']);
    }
  }
  return images;
}

function imageMoves(before: Json | undefined, after: Json | undefined): ImageMove[] {
  const from = imagesOf(before);
  const to = imagesOf(after);
  const names = [...new Set([...from.keys(), ...to.keys()])].sort();
  return names.filter((name) => from.get(name) !== to.get(name)).map((container) => ({ container, from: from.get(container), to: to.get(container) }));
}
