import path from 'node:path';
import { definedAppFiles, loadAppCatalog } from '../../../src/app-catalog';
import type { ChartInstall } from '../../../src/check/chart-installs';
import { RuleContext } from '../../../src/check/rule-context';
import type { AnyRule, Rule } from '../../../src/check/rules/rule';
import { runRules } from '../../../src/check/run-rules';
import type { CheckedObject, Finding } from '../../../src/check/types';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import { loadOverlays } from '../../../src/config/load-overlays';
import type { KubeObject } from '../../../src/render/rendered-object';
import { REPO_ROOT } from '../../support/repo';

/** A loose object literal for fixtures; checked at runtime by the rules like parsed YAML would be. */
export type Manifest = Record<string, unknown> & { kind: string; apiVersion: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

/** One file of a fixture dist/<env>/: path relative to it, and the object. */
export type FixtureFile = readonly [file: string, object: Manifest];

const catalog = await loadAppCatalog(REPO_ROOT);
const configs = loadOverlays({ root: REPO_ROOT, definedApps: definedAppFiles(catalog) });

/**
 * The real prod overlay config (so fixtures keep compiling when platform.yaml grows), with the
 * knobs the rules read pinned to known values.
 */
export function fixtureEnvironment(): EnvironmentConfig {
  const prod = configs[configs.length - 1]!;
  return {
    ...prod,
    name: 'prod',
    // The fixtures' paths are dist/prod/...: a cluster tree directly below dist/ is as good for
    // the rules, which only see its prefix.
    cluster: { ...prod.cluster, name: 'prod', distPath: 'prod' },
    argocd: { ...prod.argocd, repoURL: REPO_URL },
    platform: { ...prod.platform, allowedRegistries: ['registry.example.com'], ingress: { ...prod.platform.ingress, controller: 'traefik' } },
  };
}

export const REPO_URL = 'https://git.example.com/platform.git';
export const DIGEST = `sha256:${'a'.repeat(64)}`;

export function toChecked(files: readonly FixtureFile[]): CheckedObject[] {
  return files.map(([file, object]) => ({ file, folder: path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file), object: object as unknown as KubeObject }));
}

export interface RunOptions {
  /** @default true */
  readonly production?: boolean;
  readonly environment?: EnvironmentConfig;
  /** Helm charts the fixture's Applications install. @default [] */
  readonly charts?: readonly ChartInstall[];
}

/** Runs rules over fixture files like `npm run check` runs them over dist/prod. */
export function runFixture(files: readonly FixtureFile[], rules: readonly AnyRule[], options: RunOptions = {}): { findings: Finding[]; exemptions: ReturnType<typeof runRules>['exemptions'] } {
  const objects = toChecked(files);
  const context = new RuleContext({
    environment: options.environment ?? fixtureEnvironment(),
    production: options.production ?? true,
    objects,
    files: new Set(objects.map((o) => o.file)),
    charts: options.charts ?? [],
  });
  const { findings, exemptions } = runRules(context, rules);
  return { findings: [...findings], exemptions: [...exemptions] };
}

/** "file: message" per finding of one rule, which reads well in a failing assertion. */
export function problems(files: readonly FixtureFile[], rule: Rule, options: RunOptions = {}): string[] {
  return runFixture(files, [rule], options).findings.map((f) => `${f.file}: ${f.message}`);
}
