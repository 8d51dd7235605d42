import type { ChartExemption } from '../../charts/lib/chart-facts';
import type { ChartInstall } from './chart-installs';
import { readExemptions, type ExemptionAnnotation } from './exemptions';
import type { RuleContext } from './rule-context';
import { isAcrossEnvironments, type AcrossEnvironmentsRule, type AnyRule, type Rule, type RuleSeverity } from './rules/rule';
import { refOf, type CheckedObject, type Finding, type ObjectRef, type Severity } from './types';

/** A valid exemption as listed in the report. */
export interface ExemptionRecord {
  readonly rule: string;
  readonly file: string;
  readonly object: ObjectRef;
  /** For an exemption declared with a chart's facts: what it waives (an image, a CRD kind); absent: the whole rule for that chart. */
  readonly subject?: string;
  readonly reason: string;
  /** Findings it waived in this run (0: the object no longer breaks the rule; remove the annotation). */
  readonly waived: number;
}

export interface RuleResults {
  readonly findings: readonly Finding[];
  readonly exemptions: readonly ExemptionRecord[];
}

export function severityIn(severity: RuleSeverity, production: boolean): Severity {
  if (severity === 'production') return production ? 'error' : 'warning';
  return severity;
}

/**
 * Runs the rules over one environment and applies exemption annotations: a violation of rule R
 * on an object annotated check.gitops-platform.io/exempt-R with a non-empty reason is waived.
 */
export function runRules(context: RuleContext, allRules: readonly AnyRule[]): RuleResults {
  const rules = allRules.filter((rule): rule is Rule => !isAcrossEnvironments(rule));
  const exemptible = new Set(rules.filter((rule) => rule.exemptible !== false).map((rule) => rule.id));
  const valid = readExemptions(context.objects).filter((e) => e.reason !== '' && exemptible.has(e.rule));
  const waivers = new Map<CheckedObject, Map<string, { exemption: ExemptionAnnotation; waived: number }>>();
  for (const exemption of valid) {
    const byRule = waivers.get(exemption.object) ?? new Map<string, { exemption: ExemptionAnnotation; waived: number }>();
    byRule.set(exemption.rule, { exemption, waived: 0 });
    waivers.set(exemption.object, byRule);
  }

  const chartWaivers = chartExemptions(context, exemptible);

  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const violation of rule.check(context)) {
      const waiver = violation.object && waivers.get(violation.object)?.get(rule.id);
      if (waiver !== undefined) {
        waiver.waived++;
        continue;
      }
      if (violation.chart !== undefined) {
        const { install, subject } = violation.chart;
        const chartWaiver = chartWaivers.find((w) => w.install === install && w.exemption.rule === rule.id && (w.exemption.subject === undefined || w.exemption.subject === subject));
        if (chartWaiver !== undefined) {
          chartWaiver.waived++;
          continue;
        }
      }
      const application = violation.chart === undefined ? undefined : context.application(violation.chart.install.application);
      const file = violation.object ? context.pathOf(violation.object) : (violation.file ?? violation.chart?.install.declared.declaredIn ?? context.distPath);
      const object = violation.object?.object ?? application?.source.object;
      findings.push({
        rule: rule.id,
        severity: severityIn(rule.severity, context.production),
        file,
        ...(object ? { object: refOf(object) } : {}),
        message: violation.chart === undefined ? violation.message : `chart ${violation.chart.install.chart} (Application ${violation.chart.install.application}): ${violation.message}`,
        fix: violation.fix ?? rule.fix,
      });
    }
  }

  const exemptions: ExemptionRecord[] = [...waivers.values()].flatMap((byRule) =>
    [...byRule.values()].map(({ exemption, waived }) => ({
      rule: exemption.rule,
      file: context.pathOf(exemption.object),
      object: refOf(exemption.object.object),
      reason: exemption.reason,
      waived,
    })),
  );
  for (const { install, exemption, waived } of chartWaivers) {
    const application = context.application(install.application);
    exemptions.push({
      rule: exemption.rule,
      file: install.declared.declaredIn,
      object: application ? refOf(application.source.object) : { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name: install.application },
      ...(exemption.subject === undefined ? {} : { subject: exemption.subject }),
      reason: exemption.reason,
      waived,
    });
  }
  return { findings, exemptions };
}

/**
 * Runs the rules across environments over every cluster's context; returns each cluster
 * tree's findings by its dist path (no exemptions: the overlay is where these are accepted).
 */
export function runAcrossEnvironments(contexts: readonly RuleContext[], rules: readonly AnyRule[]): Map<string, Finding[]> {
  const byEnvironment = new Map<string, Finding[]>(contexts.map((context) => [context.environment.cluster.distPath, []]));
  for (const rule of rules.filter((r): r is AcrossEnvironmentsRule => isAcrossEnvironments(r))) {
    for (const violation of rule.check(contexts)) {
      const context = contexts.find((c) => c.environment.cluster.distPath === violation.tree);
      if (context === undefined) throw new Error(`rule ${rule.id} reported dist/${violation.tree}, which was not checked`);
      byEnvironment.get(violation.tree)!.push({
        rule: rule.id,
        severity: severityIn(rule.severity, context.production),
        file: violation.object ? context.pathOf(violation.object) : (violation.file ?? context.distPath),
        ...(violation.object ? { object: refOf(violation.object.object) } : {}),
        message: violation.message,
        fix: violation.fix ?? rule.fix,
      });
    }
  }
  return byEnvironment;
}

interface ChartWaiver {
  readonly install: ChartInstall;
  readonly exemption: ChartExemption;
  waived: number;
}

/** Exemptions declared with the charts' facts that name a rule which may be waived and give a reason. */
function chartExemptions(context: RuleContext, exemptible: ReadonlySet<string>): ChartWaiver[] {
  return context.charts.flatMap((install) =>
    install.declared.exemptions.filter((e) => e.reason.trim() !== '' && exemptible.has(e.rule)).map((exemption) => ({ install, exemption, waived: 0 })),
  );
}
