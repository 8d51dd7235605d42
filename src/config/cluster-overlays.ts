import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import { applyMergePatch, isMapping, patchDecides } from './merge-patch';
import { overlayStringProblems } from './overlay-strings';
import { readOverlayText } from './read-overlay';
import { invisibleCharacter, showText } from './text';
import { YamlSource } from './yaml-source';
import { problemsFromIssues } from './zod-problems';

/** The folder below overlays/<env>/ that holds one file per cluster. */
export const CLUSTERS_FOLDER = 'clusters';

/** One overlay file of the environment as parsed: its values (valid on their own) and where they came from. */
export interface ParsedOverlay<T> {
  readonly value: T;
  readonly data: unknown;
  readonly source: YamlSource;
  readonly schema: z.ZodType<T>;
}

/** A cluster's file: the source and its keys, sorted to the environment file each one overrides. */
export interface ClusterOverlay {
  readonly file: string;
  readonly source: YamlSource;
  /** Environment file name (e.g. platform.yaml) -> the cluster's patch of that file's values. */
  readonly patches: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * overlays/<env>/clusters/<cluster>.yaml of every listed cluster: exactly one file each, and no
 * file for a cluster the waves do not list (it would silently render nothing).
 */
export function readClusterOverlays(root: string, dir: string, clusters: readonly string[], keyOwners: ReadonlyMap<string, string>, problems: ConfigProblem[]): Map<string, ClusterOverlay> {
  const folder = `${dir}/${CLUSTERS_FOLDER}`;
  const found = existsSync(path.join(root, folder)) ? readdirSync(path.join(root, folder)).sort() : [];
  for (const file of found) {
    const cluster = file.replace(/\.yaml$/, '');
    if (!file.endsWith('.yaml') || !clusters.includes(cluster)) {
      const shown = invisibleCharacter(file, { lineFeeds: false }) ? showText(file) : file;
      problems.push({ file: `${folder}/${shown}`, line: 1, field: '(file)', problem: 'no wave of environment.yaml lists this cluster', got: showText(file), expected: `one file <cluster>.yaml per cluster of ${dir}/environment.yaml waves: ${clusters.join(', ')}` });
    }
  }
  const overlays = new Map<string, ClusterOverlay>();
  for (const cluster of clusters) {
    const file = `${folder}/${cluster}.yaml`;
    const text = readOverlayText(root, file, problems);
    if (text === undefined) continue;
    const source = new YamlSource(file, text);
    if (source.problems.length > 0) {
      problems.push(...source.problems);
      continue;
    }
    const strings = overlayStringProblems(source);
    problems.push(...strings.problems);
    if (strings.problems.length > 0) continue;
    const data = source.data ?? {};
    if (!isMapping(data)) {
      problems.push({ file, line: 1, field: '(file)', problem: 'not a mapping', got: Array.isArray(data) ? 'a list' : showText(String(data)), expected: 'a mapping of environment fields the cluster overrides, e.g. domain: eu.example.com' });
      continue;
    }
    const patches = new Map<string, Record<string, unknown>>();
    for (const [key, value] of Object.entries(data)) {
      const owner = keyOwners.get(key);
      if (owner === undefined) {
        problems.push({ file, line: source.lineOfKey([], key), field: key, problem: key === 'waves' ? 'waves are the environment\'s, not a cluster\'s' : 'unknown field', got: showText(key), expected: `a field of the environment to override, one of: ${[...keyOwners.keys()].sort().join(', ')}` });
        continue;
      }
      const patch = patches.get(owner) ?? {};
      patch[key] = value;
      patches.set(owner, patch);
    }
    overlays.set(cluster, { file, source, patches });
  }
  return overlays;
}

/**
 * The environment file's values with the cluster's patch applied, validated by the file's own
 * schema. A problem is reported in the cluster's file when the cluster decided the value at its
 * path (or, for a rule across fields, changed a sibling), else in the environment's file.
 */
export function mergeClusterValues<T>(parsed: ParsedOverlay<T>, cluster: ClusterOverlay, fileName: string, problems: ConfigProblem[]): T | undefined {
  const patch = cluster.patches.get(fileName);
  if (patch === undefined) return parsed.value;
  const merged = applyMergePatch(parsed.data ?? {}, patch);
  const result = parsed.schema.safeParse(merged, { reportInput: true });
  if (result.success) return result.data;
  const fromCluster = result.error.issues.filter((issue) => decidedByCluster(patch, issue));
  const fromEnvironment = result.error.issues.filter((issue) => !fromCluster.includes(issue));
  problems.push(...problemsFromIssues(cluster.source, parsed.schema, fromCluster), ...problemsFromIssues(parsed.source, parsed.schema, fromEnvironment));
  return undefined;
}

function decidedByCluster(patch: Record<string, unknown>, issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'unrecognized_keys') return issue.keys.some((key) => patchDecides(patch, [...issue.path, key]));
  if (patchDecides(patch, issue.path)) return true;
  // A rule across fields (replicas vs autoscaling) broken by the cluster setting the other field.
  return issue.code === 'custom' && issue.path.length > 0 && isMapping(valueAt(patch, issue.path.slice(0, -1)));
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) {
    if (!isMapping(node)) return undefined;
    node = node[key as string];
  }
  return node;
}
