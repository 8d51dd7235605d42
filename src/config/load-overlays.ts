import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';
import { deepFreeze, type EnvironmentConfig } from './environment-config';
import { appsFileSchema, environmentFileSchema, environmentsFileSchema, imagesFileSchema } from './overlay-schemas';
import { platformFileSchema } from './platform-schema';
import { overlayStringProblems } from './overlay-strings';
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
 * Loads and validates every environment before anything is rendered, collecting all problems
 * across all files so one run lists everything to fix. Throws ConfigError; returns frozen configs.
 */
export function loadOverlays(options: LoadOverlaysOptions): readonly EnvironmentConfig[] {
  const names = loadEnvironmentNames(options.root);
  const problems: ConfigProblem[] = [];
  const configs = names.map((name, index) => loadEnvironment(options, name, names[index - 1], problems));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(configs.filter((c): c is EnvironmentConfig => c !== undefined));
}

function loadEnvironment(options: LoadOverlaysOptions, name: string, promotedFrom: string | undefined, problems: ConfigProblem[]): EnvironmentConfig | undefined {
  const dir = `overlays/${name}`;
  if (!existsSync(path.join(options.root, dir))) {
    problems.push({ file: 'overlays/environments.yaml', line: 1, field: 'environments', problem: `folder ${dir}/ does not exist`, got: showText(name), expected: `a folder ${dir}/ with ${Object.keys(OVERLAY_FILES).join(', ')}` });
    return undefined;
  }
  for (const file of readdirSync(path.join(options.root, dir)).sort()) {
    if (!(file in OVERLAY_FILES)) {
      problems.push({ file: `${dir}/${invisibleCharacter(file, { lineFeeds: false }) ? showText(file) : file}`, line: 1, field: '(file)', problem: 'unknown overlay file', got: showText(file), expected: `one of: ${Object.keys(OVERLAY_FILES).join(', ')}` });
    }
  }
  const environment = parseFile(options.root, `${dir}/environment.yaml`, environmentFileSchema, problems);
  const apps = parseFile(options.root, `${dir}/apps.yaml`, appsFileSchema, problems);
  const images = parseFile(options.root, `${dir}/images.yaml`, imagesFileSchema, problems);
  const platform = parseFile(options.root, `${dir}/platform.yaml`, platformFileSchema, problems);
  if (apps) crossCheckApps(apps.source, 'apps', Object.keys(apps.value.apps), options.definedApps, problems);
  if (images) crossCheckApps(images.source, 'images', Object.keys(images.value.images), options.definedApps, problems);
  if (!environment || !apps || !images || !platform) return undefined;
  return {
    name,
    promotedFrom,
    argocd: environment.value.argocd,
    domain: environment.value.domain,
    kubernetesVersion: environment.value.kubernetesVersion,
    apps: apps.value.apps,
    images: images.value.images,
    platform: platform.value,
    cluster: { name, wave: 1, distPath: `${name}/${name}` },
  };
}

/** Every app the charts define needs exactly one entry, and every entry needs an app. */
function crossCheckApps(source: YamlSource, key: string, listed: readonly string[], defined: ReadonlyMap<string, string>, problems: ConfigProblem[]): void {
  for (const app of listed) {
    if (!defined.has(app)) {
      problems.push({ file: source.file, line: source.lineOfKey([key], app), field: fieldName([key, app]), problem: 'no chart defines this app', got: showText(app), expected: `one of: ${[...defined.keys()].sort().join(', ') || '(no apps defined)'}` });
    }
  }
  for (const [app, definedIn] of defined) {
    if (!listed.includes(app)) {
      problems.push({ file: source.file, line: source.lineOfKey([], key), field: `${key}.${app}`, problem: `app defined in ${definedIn} has no entry here`, expected: `an entry ${key}.${app}` });
    }
  }
}

function parseFile<S extends z.ZodType>(root: string, file: string, schema: S, problems: ConfigProblem[]): { value: z.infer<S>; source: YamlSource } | undefined {
  const text = readOverlayText(root, file, problems);
  if (text === undefined) return undefined;
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
  return strings.problems.length > 0 ? undefined : { value: result.data, source };
}
