import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CatalogEntry } from '../app-catalog';
import { productionEnvironmentOf, type EnvironmentConfig } from '../config/environment-config';
import { renderAll } from '../synth-pipeline';
import type { ChartLock } from '../helm/chart-lock';
import type { HelmTool } from '../helm/helm-tool';
import { chartRenders } from './chart-renders';
import { compareWithFreshSynth, CURRENT_FIX } from './current';
import { readDistEnvironment, type DistEnvironment } from './read-dist';
import type { CheckOutcome, CheckReport, EnvironmentReport } from './report/check-report';
import { RuleContext } from './rule-context';
import { RULES } from './rules/registry';
import { isAcrossEnvironments, type AnyRule } from './rules/rule';
import { runAcrossEnvironments, runRules, type RuleResults } from './run-rules';
import { schemaFindings, setUpSchemaCheck } from './schema-check';
import type { Finding } from './types';

export interface CheckOptions {
  /** Repository root: overlays/ and dist/ are read below it, the validator cache is <root>/.cache/check. */
  readonly root: string;
  /** Check only these environments (all when empty or undefined). */
  readonly only?: readonly string[];
  /** --schema-dir: overrides GITOPS_SCHEMA_DIR and the generated imports/schemas. */
  readonly schemaDir?: string;
  /** Environment variables (GITOPS_SCHEMA_DIR); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** The rules to run; all registered rules by default. */
  readonly rules?: readonly AnyRule[];
  /** Apps to render instead of charts/apps/ (the benchmark's generated apps). */
  readonly catalog?: ReadonlyMap<string, CatalogEntry>;
  /** The helm that renders charts at hand (GITOPS_CHARTS_DIR, .cache/charts). @default the built pinned helm, if any */
  readonly helm?: HelmTool;
  /** The chart lock rendered charts are checked against. @default charts/lib/charts.lock.json */
  readonly chartLock?: ChartLock;
}

/** Ordering of findings in the report: the checks first, then rules in registry order. */
const CHECK_ORDER = ['current', 'dist-readable', 'schema-valid', 'charts'];

/**
 * Runs every check over the committed dist/: current (a fresh in-memory synth equals it),
 * schema-valid, and the production-readiness rules. dist/ is read and parsed once.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const rules = options.rules ?? RULES;
  const start = performance.now();
  const lap = stopwatch();

  const { rendered, configs } = await renderAll({ root: options.root, only: options.only, catalog: options.catalog });
  const renderSeconds = lap();

  const distDir = path.join(options.root, 'dist');
  const committed = rendered.map((env) => readDistEnvironment(distDir, env.name, env));
  const readSeconds = lap();

  const charts = await chartRenders({ root: options.root, env: options.env ?? process.env, rendered, configs, ...(options.helm ? { helm: options.helm } : {}), ...(options.chartLock ? { lock: options.chartLock } : {}) });
  const chartsSeconds = lap();

  const schema = setUpSchemaCheck({ root: options.root, flag: options.schemaDir, env: options.env });
  const production = productionEnvironmentOf(configs.map((config) => config.name));

  const checked: Array<{ name: string; objects: number; context: RuleContext; findings: Finding[]; results: RuleResults }> = [];
  let schemaSeconds = 0;
  let rulesSeconds = 0;
  for (const [index, fresh] of rendered.entries()) {
    const dist = committed[index]!;
    const config = configs.find((c) => c.cluster.distPath === fresh.name)!;
    const findings: Finding[] = [...compareWithFreshSynth(fresh.name, fresh.files, dist.files), ...unreadableFindings(dist), ...charts.failures.filter((f) => f.file.startsWith(`dist/${fresh.name}/`))];
    lap();
    if (schema.status === 'ready') findings.push(...schemaFindings(schema.validator, dist.name, dist.objects));
    schemaSeconds += lap();
    const context = new RuleContext({ environment: config, production: config.name === production, objects: dist.objects, files: new Set(dist.files.keys()), charts: charts.installs.get(fresh.name) ?? [] });
    const results: RuleResults = runRules(context, rules);
    rulesSeconds += lap();
    findings.push(...results.findings);
    checked.push({ name: fresh.name, objects: dist.objects.length, context, findings, results });
  }
  // Rules across environments need them all: with --env naming only some, they cannot be judged.
  const everyEnvironment = configs.every((config) => rendered.some((env) => env.name === config.cluster.distPath));
  const acrossRules = rules.filter(isAcrossEnvironments);
  if (everyEnvironment) {
    lap();
    const across = runAcrossEnvironments(checked.map((c) => c.context), acrossRules);
    for (const cluster of checked) cluster.findings.push(...(across.get(cluster.name) ?? []));
    rulesSeconds += lap();
  }
  const reports: EnvironmentReport[] = checked.map((c) => environmentReport(c.context.environment, c.context.environment.name === production, c.objects, c.findings, c.results, rules));
  if (schema.status === 'ready') schema.validator.saveCaches();
  if (options.only === undefined || options.only.length === 0) reports.push(...staleFolders(distDir, configs));
  else reports.push(...staleFolders(distDir, configs.filter((config) => options.only!.includes(config.name)), options.only));

  const all = reports.flatMap((r) => r.findings);
  const count = (rule: string) => all.filter((f) => f.rule === rule && f.severity === 'error').length;
  const ruleErrors = all.filter((f) => !CHECK_ORDER.includes(f.rule) && f.severity === 'error').length;
  const objects = reports.reduce((sum, r) => sum + r.objects, 0);
  const checks: CheckOutcome[] = [
    count('current') === 0
      ? { id: 'current', status: 'passed', detail: 'a fresh synth equals the committed dist/' }
      : { id: 'current', status: 'failed', detail: `${count('current')} file(s) differ from a fresh synth: ${CURRENT_FIX}` },
    schema.status === 'ready'
      ? { id: 'schema-valid', status: count('schema-valid') === 0 ? 'passed' : 'failed', detail: `${objects} objects validated strictly against ${schema.detail}` }
      : { id: 'schema-valid', status: schema.status, detail: schema.detail },
    {
      id: 'rules',
      status: ruleErrors === 0 ? 'passed' : 'failed',
      detail: `${rules.length} rules over ${objects} objects${everyEnvironment || acrossRules.length === 0 ? '' : `; not run without every environment: ${acrossRules.map((r) => r.id).join(', ')}`}`,
    },
  ];
  const errors = all.filter((f) => f.severity === 'error').length + (schema.status === 'failed' ? 1 : 0);
  return {
    ok: errors === 0,
    errors,
    warnings: all.filter((f) => f.severity === 'warning').length,
    checks,
    environments: reports,
    rules: rules.map(({ id, severity, reason, fix }) => ({ id, severity, reason, fix })),
    charts: { rendered: charts.renderedCharts, total: charts.totalCharts, objects: charts.objects, summary: charts.summary },
    seconds: { render: renderSeconds, read: readSeconds, charts: chartsSeconds, schema: schemaSeconds, rules: rulesSeconds, total: (performance.now() - start) / 1000 },
  };
}

function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
}

function unreadableFindings(dist: DistEnvironment): Finding[] {
  return dist.unreadable.map(({ file, message }) => ({
    rule: 'dist-readable',
    severity: 'error' as const,
    file: `dist/${dist.name}/${file}`,
    message,
    fix: 'dist/ is generated: never edit it by hand; run npm run synth and commit dist/',
  }));
}

function environmentReport(config: EnvironmentConfig, production: boolean, objects: number, findings: readonly Finding[], results: RuleResults, rules: readonly AnyRule[]): EnvironmentReport {
  const order = [...CHECK_ORDER, ...rules.map((r) => r.id)];
  const sorted = [...findings].sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule) || compare(a.file, b.file) || compare(a.message, b.message));
  return {
    name: config.cluster.distPath,
    environment: config.name,
    cluster: config.cluster.name,
    production,
    objects,
    errors: sorted.filter((f) => f.severity === 'error').length,
    warnings: sorted.filter((f) => f.severity === 'warning').length,
    findings: sorted,
    exemptions: [...results.exemptions].sort((a, b) => compare(a.file, b.file) || compare(a.rule, b.rule)),
  };
}

/**
 * What a full synth would delete: dist/<x>/ folders of environments that no longer exist, and
 * inside an environment's folder anything that is not one of its clusters' trees (a removed
 * cluster, or the files of the layout before clusters: dist/<env>/root.yaml, argocd/, ...).
 * With --env, only the named environments' folders are looked into.
 */
function staleFolders(distDir: string, configs: readonly EnvironmentConfig[], only?: readonly string[]): EnvironmentReport[] {
  if (!existsSync(distDir)) return [];
  const clusters = new Map<string, string[]>();
  for (const config of configs) clusters.set(config.name, [...(clusters.get(config.name) ?? []), config.cluster.name]);
  const stale: string[] = [];
  for (const entry of readdirSync(distDir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
    const known = clusters.get(entry.name);
    if (known === undefined) {
      if (only === undefined && entry.isDirectory()) stale.push(`dist/${entry.name}/`);
      continue;
    }
    if (!entry.isDirectory()) continue;
    for (const inside of readdirSync(path.join(distDir, entry.name), { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
      if (!(inside.isDirectory() && known.includes(inside.name))) stale.push(`dist/${entry.name}/${inside.name}${inside.isDirectory() ? '/' : ''}`);
    }
  }
  return stale.map((file) => {
    const environment = file.split('/')[1]!;
    const message = clusters.has(environment)
      ? `${file} is not the tree of a cluster of ${environment} (each cluster's tree is dist/${environment}/<cluster>/; a fresh synth removes it)`
      : `${file} is not an environment of overlays/environments.yaml (a fresh synth removes it)`;
    const finding: Finding = { rule: 'current', severity: 'error', file, message, fix: CURRENT_FIX };
    return { name: file.replace(/^dist\//, '').replace(/\/$/, ''), environment, cluster: undefined, production: false, objects: 0, errors: 1, warnings: 0, findings: [finding], exemptions: [] };
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
