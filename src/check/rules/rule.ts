import type { ChartInstall } from '../chart-installs';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';

/**
 * How serious a rule is: 'error' everywhere (it breaks the sync or leaks something in any
 * environment), 'production' (an error in the production environment, a warning elsewhere), or
 * 'warning' (never fails the check).
 */
export type RuleSeverity = 'error' | 'production' | 'warning';

/** One place a rule is broken. */
export interface Violation {
  /** The object to change; exemption annotations are read from it. */
  readonly object?: CheckedObject;
  /** Repository-relative file, for violations not tied to an object (an overlay setting). */
  readonly file?: string;
  /** What is wrong, naming the field and the value. */
  readonly message: string;
  /** A fix more specific than the rule's own hint. */
  readonly fix?: string;
  /**
   * For a violation in what a Helm chart brings: the chart, and what is wrong (an image, a CRD
   * kind, ...). Exemptions declared with the chart's facts are matched against it, and the
   * finding points at the facts' file and the chart's Application.
   */
  readonly chart?: { readonly install: ChartInstall; readonly subject: string };
}

/** A production-readiness rule over one environment's committed dist/. */
export interface Rule {
  /** Stable kebab-case id: used in reports, --json and exemption annotations. */
  readonly id: string;
  /** One line: why the rule exists. */
  readonly reason: string;
  /** One line: how to fix a violation. */
  readonly fix: string;
  readonly severity: RuleSeverity;
  /**
   * Whether an exemption annotation may waive a violation.
   * @default true
   */
  readonly exemptible?: boolean;
  check(context: RuleContext): Iterable<Violation>;
}

/** One place a rule across environments is broken, in one of them. */
export interface EnvironmentViolation extends Violation {
  /** The cluster tree whose report carries the finding (its RuleContext.environment.cluster.distPath). */
  readonly tree: string;
}

/**
 * A rule about how environments relate (no environment reads another's secrets): it needs every
 * environment's committed dist/ at once, so the check runs it after the per-environment rules and
 * only when it checks every environment. The overlay is where such a violation is accepted, so
 * an annotation cannot waive it.
 */
export interface AcrossEnvironmentsRule {
  readonly id: string;
  readonly reason: string;
  readonly fix: string;
  readonly severity: RuleSeverity;
  readonly exemptible: false;
  readonly acrossEnvironments: true;
  /** The environments in promotion order. */
  check(environments: readonly RuleContext[]): Iterable<EnvironmentViolation>;
}

export type AnyRule = Rule | AcrossEnvironmentsRule;

export function isAcrossEnvironments(rule: AnyRule): rule is AcrossEnvironmentsRule {
  return 'acrossEnvironments' in rule && rule.acrossEnvironments;
}
