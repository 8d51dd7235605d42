import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';
import { CLUSTERS_FOLDER, mergeClusterValues, readClusterOverlays, type ParsedOverlay } from './cluster-overlays';
import { deepFreeze, type ClusterIdentity, type EnvironmentConfig } from './environment-config';
import { appsFileSchema, environmentFileSchema, environmentsFileSchema, imagesFileSchema, type AppsFile, type EnvironmentFile, type ImagesFile } from './overlay-schemas';
import { platformFileSchema, type PlatformConfig } from './platform-schema';
import { overlayStringProblems } from './overlay-strings';
import { rememberedOverlay, rememberOverlay } from './parsed-overlay-memo';
import { readOverlayText } from './read-overlay';
import { invisibleCharacter, showText } from './text';
import { YamlSource } from './yaml-source';
import { fieldName, problemsFromIssues } from './zod-problems';

/** The files each overlays/<env>/ folder holds; anything else is a mistake worth reporting. */
const OVERLAY_FILES = {
  'environment.yaml': environmentFileSchema,
  'apps.yaml': appsFileSchema,
  'images.yaml': imagesFileSchema,
  'platform.yaml': platformFileSchema,
} as const;

export interface LoadOverlaysOptions {
  /** Repository root; overlays/ is read below it and paths in messages are relative to it. */
  readonly root: string;
  /** Apps the charts define (name -> the file that defines it), to cross-check the overlays. */
  readonly definedApps: ReadonlyMap<string, string>;
  /**
   * Load only these environments (every one when undefined): for a writer that validated all of
   * them moments ago under the writer lock and has changed one environment's file since.
   */
  readonly environments?: readonly string[];
}

/** Reads overlays/environments.yaml: the promotion chain, in order. */
export function loadEnvironmentNames(root: string): readonly string[] {
  const problems: ConfigProblem[] = [];
  const parsed = parseFile(root, 'overlays/environments.yaml', environmentsFileSchema, problems);
  if (!parsed) throw new ConfigError(problems);
  const seen = new Set<string>();
  for (const name of parsed.value.environments) {
    if (seen.has(name)) {
      problems.push({ file: parsed.source.file, line: parsed.source.lineOfPath(['environments']), field: 'environments', problem: 'duplicate environment', got: showText(name), expected: 'each environment once' });
    }
    seen.add(name);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze([...parsed.value.environments]);
}

/**
 * Loads and validates every environment (or options.environments) before anything is rendered,
 * collecting all problems across all files so one run lists everything to fix. Returns one frozen config per cluster,
 * environments in promotion order and each environment's clusters wave by wave; throws ConfigError.
 */
export function loadOverlays(options: LoadOverlaysOptions): readonly EnvironmentConfig[] {
  const names = loadEnvironmentNames(options.root);
  const problems: ConfigProblem[] = [];
  const wanted = (name: string) => options.environments === undefined || options.environments.includes(name);
  const configs = names.flatMap((name, index) => (wanted(name) ? loadEnvironment(options, name, names[index - 1], problems) : []));
  if (problems.length === 0) problems.push(...clusterNameProblems(options.root, configs));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(configs);
}

/** Environment-level key of a cluster overlay -> the environment file it overrides. */
const CLUSTER_KEY_OWNERS: ReadonlyMap<string, string> = new Map(
  Object.entries(OVERLAY_FILES).flatMap(([file, schema]) => Object.keys(schema.shape).filter((key) => key !== 'waves').map((key) => [key, file] as const)),
);

function loadEnvironment(options: LoadOverlaysOptions, name: string, promotedFrom: string | undefined, problems: ConfigProblem[]): EnvironmentConfig[] {
  const dir = `overlays/${name}`;
  if (!existsSync(path.join(options.root, dir))) {
    problems.push({ file: 'overlays/environments.yaml', line: 1, field: 'environments', problem: `folder ${dir}/ does not exist`, got: showText(name), expected: `a folder ${dir}/ with ${Object.keys(OVERLAY_FILES).join(', ')}` });
    return [];
  }
  for (const file of readdirSync(path.join(options.root, dir)).sort()) {
    if (!(file in OVERLAY_FILES) && file !== CLUSTERS_FOLDER) {
      problems.push({ file: `${dir}/${invisibleCharacter(file, { lineFeeds: false }) ? showText(file) : file}`, line: 1, field: '(file)', problem: 'unknown overlay file', got: showText(file), expected: `one of: ${[...Object.keys(OVERLAY_FILES), `${CLUSTERS_FOLDER}/`].join(', ')}` });
    }
  }
  const environment = parseFile(options.root, `${dir}/environment.yaml`, environmentFileSchema, problems);
  const apps = parseFile(options.root, `${dir}/apps.yaml`, appsFileSchema, problems);
  const images = parseFile(options.root, `${dir}/images.yaml`, imagesFileSchema, problems);
  const platform = parseFile(options.root, `${dir}/platform.yaml`, platformFileSchema, problems);
  if (apps) crossCheckApps(apps, 'apps', Object.keys(apps.value.apps), options.definedApps, problems);
  if (images) crossCheckApps(images, 'images', Object.keys(images.value.images), options.definedApps, problems);
  if (!environment || !apps || !images || !platform) return [];

  const waves = wavesOf(name, environment, problems);
  const configOf = (cluster: ClusterIdentity, values: { environment: EnvironmentFile; apps: AppsFile; images: ImagesFile; platform: PlatformConfig }): EnvironmentConfig => ({
    name,
    promotedFrom,
    argocd: values.environment.argocd,
    domain: values.environment.domain,
    kubernetesVersion: values.environment.kubernetesVersion,
    apps: values.apps.apps,
    images: values.images.images,
    platform: values.platform,
    cluster,
  });
  if (waves === undefined) {
    const cluster = { name, wave: 1, waveName: name, distPath: `${name}/${name}`, overlayFile: undefined };
    return [configOf(cluster, { environment: environment.value, apps: apps.value, images: images.value, platform: platform.value })];
  }
  const clusters = waves.flatMap((wave) => wave.clusters);
  const overlays = readClusterOverlays(options.root, dir, clusters, CLUSTER_KEY_OWNERS, problems);
  const configs: EnvironmentConfig[] = [];
  for (const [index, wave] of waves.entries()) {
    for (const clusterName of wave.clusters) {
      const overlay = overlays.get(clusterName);
      if (overlay === undefined) continue;
      const values = {
        environment: mergeClusterValues(environment, overlay, 'environment.yaml', problems),
        apps: mergeClusterValues(apps, overlay, 'apps.yaml', problems),
        images: mergeClusterValues(images, overlay, 'images.yaml', problems),
        platform: mergeClusterValues(platform, overlay, 'platform.yaml', problems),
      };
      if (values.apps && overlay.patches.has('apps.yaml')) crossCheckApps(overlay, 'apps', Object.keys(values.apps.apps), options.definedApps, problems);
      if (values.images && overlay.patches.has('images.yaml')) crossCheckApps(overlay, 'images', Object.keys(values.images.images), options.definedApps, problems);
      if (!values.environment || !values.apps || !values.images || !values.platform) continue;
      const cluster = { name: clusterName, wave: index + 1, waveName: wave.name, distPath: `${name}/${clusterName}`, overlayFile: overlay.file };
      configs.push(configOf(cluster, { environment: values.environment, apps: values.apps, images: values.images, platform: values.platform }));
    }
  }
  return configs;
}

/** environment.yaml `waves`: wave names and cluster names each once. */
function wavesOf(name: string, environment: ParsedOverlay<EnvironmentFile>, problems: ConfigProblem[]): EnvironmentFile['waves'] {
  const waves = environment.value.waves;
  if (waves === undefined) return undefined;
  const source = environment.source;
  const seenWaves = new Set<string>();
  const seenClusters = new Set<string>();
  for (const [index, wave] of waves.entries()) {
    if (seenWaves.has(wave.name)) problems.push({ file: source.file, line: source.lineOfPath(['waves', index, 'name']), field: `waves[${index}].name`, problem: 'duplicate wave', got: showText(wave.name), expected: 'each wave name once' });
    seenWaves.add(wave.name);
    for (const [position, cluster] of wave.clusters.entries()) {
      if (seenClusters.has(cluster)) problems.push({ file: source.file, line: source.lineOfPath(['waves', index, 'clusters', position]), field: `waves[${index}].clusters[${position}]`, problem: 'cluster listed twice', got: showText(cluster), expected: `each cluster of ${name} in exactly one wave` });
      seenClusters.add(cluster);
    }
  }
  return waves;
}

/**
 * Cluster names are the `cluster` label of the fleet's metrics and logs and a hub's Application
 * prefixes, so they are unique across the repository (an environment without waves has one
 * cluster named after it); hub-and-spoke settings only where the topology is a hub.
 */
function clusterNameProblems(root: string, configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owner = new Map<string, EnvironmentConfig>();
  for (const config of configs) {
    const first = owner.get(config.cluster.name);
    if (first !== undefined) {
      const wave = config.cluster.wave - 1;
      const position = (config.cluster.overlayFile === undefined ? -1 : waveClusters(root, config.name, wave).indexOf(config.cluster.name));
      const at = position === -1 ? [] : ['waves', wave, 'clusters', position];
      problems.push({ file: `overlays/${config.name}/environment.yaml`, line: lineIn(root, `overlays/${config.name}/environment.yaml`, at), field: position === -1 ? '(environment name)' : `waves[${wave}].clusters[${position}]`, problem: `cluster name already used by environment ${first.name}`, got: showText(config.cluster.name), expected: 'cluster names unique across all environments (they label the fleet\'s metrics and logs)' });
    }
    owner.set(config.cluster.name, config);
    const { topology, hub, destinationName } = config.argocd;
    if (topology === 'per-cluster' && (hub !== undefined || destinationName !== undefined)) {
      const field = hub !== undefined ? 'hub' : 'destinationName';
      // The setting may come from the cluster's file or be inherited from the environment's.
      const file = config.cluster.overlayFile !== undefined && lineIn(root, config.cluster.overlayFile, ['argocd', field]) > 1 ? config.cluster.overlayFile : `overlays/${config.name}/environment.yaml`;
      problems.push({ file, line: lineIn(root, file, ['argocd', field]), field: `argocd.${field}`, problem: 'set, but argocd.topology is per-cluster', expected: 'argocd.topology: hub-and-spoke, or no hub settings' });
    }
  }
  return problems;
}

/** The cluster names of one wave as environment.yaml lists them. */
function waveClusters(root: string, environment: string, wave: number): string[] {
  const file = `overlays/${environment}/environment.yaml`;
  const text = readOverlayText(root, file, []);
  const data = text === undefined ? undefined : new YamlSource(file, text).data;
  const clusters = (data as { waves?: { clusters?: unknown }[] } | undefined)?.waves?.[wave]?.clusters;
  return Array.isArray(clusters) ? clusters.map(String) : [];
}

function lineIn(root: string, file: string, path: readonly (string | number)[]): number {
  const text = readOverlayText(root, file, []);
  return text === undefined ? 1 : new YamlSource(file, text).lineOfPath(path);
}

/**
 * Every app the charts define needs exactly one entry, and every entry needs an app. The file's
 * source (its line numbers) is read only for a problem: a remembered file's is parsed again then.
 */
function crossCheckApps(file: { readonly source: YamlSource }, key: string, listed: readonly string[], defined: ReadonlyMap<string, string>, problems: ConfigProblem[]): void {
  for (const app of listed) {
    if (!defined.has(app)) {
      const { source } = file;
      problems.push({ file: source.file, line: source.lineOfKey([key], app), field: fieldName([key, app]), problem: 'no chart defines this app', got: showText(app), expected: `one of: ${[...defined.keys()].sort().join(', ') || '(no apps defined)'}` });
    }
  }
  const entries = new Set(listed);
  for (const [app, definedIn] of defined) {
    if (!entries.has(app)) {
      const { source } = file;
      problems.push({ file: source.file, line: source.lineOfKey([], key), field: `${key}.${app}`, problem: `app defined in ${definedIn} has no entry here`, expected: `an entry ${key}.${app}` });
    }
  }
}

function parseFile<S extends z.ZodType>(root: string, file: string, schema: S, problems: ConfigProblem[]): ParsedOverlay<z.infer<S>> | undefined {
  const text = readOverlayText(root, file, problems);
  if (text === undefined) return undefined;
  const known = rememberedOverlay(schema as z.ZodType<z.infer<S>>, file, text);
  if (known !== undefined) return known;
  const source = new YamlSource(file, text);
  if (source.problems.length > 0) {
    problems.push(...source.problems);
    return undefined;
  }
  const strings = overlayStringProblems(source);
  problems.push(...strings.problems);
  // Field patterns are not run over strings past the length limit.
  if (strings.tooLong) return undefined;
  const result = schema.safeParse(source.data ?? {}, { reportInput: true });
  if (!result.success) {
    problems.push(...problemsFromIssues(source, schema, result.error.issues).filter((problem) => !strings.fields.has(problem.field)));
    return undefined;
  }
  if (strings.problems.length > 0) return undefined;
  const parsed = { value: result.data, data: source.data ?? {}, source, schema: schema as z.ZodType<z.infer<S>> };
  rememberOverlay(file, text, parsed);
  return parsed;
}
