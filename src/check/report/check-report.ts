import type { RuleSeverity } from '../rules/rule';
import type { ExemptionRecord } from '../run-rules';
import type { Finding } from '../types';

export type CheckStatus = 'passed' | 'failed';

/** The outcome of one of the three checks: current, schema-valid, rules. */
export interface CheckOutcome {
  readonly id: 'current' | 'schema-valid' | 'rules';
  readonly status: CheckStatus;
  readonly detail: string;
}

/** The check of one cluster's tree (dist/<env>/<cluster>/), or of a folder a fresh synth would remove. */
export interface EnvironmentReport {
  /** The tree below dist/: "<env>/<cluster>". */
  readonly name: string;
  /** The environment (overlays/<env>/). */
  readonly environment: string;
  /** The cluster; undefined for a stale folder that is no cluster's tree. */
  readonly cluster: string | undefined;
  /** The production environment (last in the promotion chain): 'production' rules are errors here. */
  readonly production: boolean;
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  /** Sorted by check/rule order, then file. */
  readonly findings: readonly Finding[];
  readonly exemptions: readonly ExemptionRecord[];
}

export interface RuleSummary {
  readonly id: string;
  readonly severity: RuleSeverity;
  readonly reason: string;
  readonly fix: string;
}

/** Everything `npm run check` found; `--json` prints exactly this. */
export interface CheckReport {
  /** true when there is no error (warnings allowed) and no check failed. */
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly checks: readonly CheckOutcome[];
  readonly environments: readonly EnvironmentReport[];
  readonly rules: readonly RuleSummary[];
  /** The upstream Helm charts: how many were rendered (the rest are judged by their declared facts). */
  readonly charts: ChartsSummary;
  /** Wall-clock seconds per phase (render, read, charts, schema, rules) and in total. */
  readonly seconds: Readonly<Record<'render' | 'read' | 'charts' | 'schema' | 'rules' | 'total', number>>;
}

export interface ChartsSummary {
  /** Distinct chart versions rendered with the pinned helm. */
  readonly rendered: number;
  /** Distinct chart versions the environments install. */
  readonly total: number;
  /** Objects of all renders. */
  readonly objects: number;
  /** e.g. "rendered 11 charts (33 renders in 3 environments), 1836 objects" or "declared facts only (...)". */
  readonly summary: string;
}
