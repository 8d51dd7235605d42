import { describeRef, type Finding } from '../types';
import type { CheckReport, EnvironmentReport, RuleSummary } from './check-report';

const STATUS_LABEL = { passed: 'passed ', failed: 'FAILED ' } as const;

/**
 * The human report: what was checked and how long it took, then counts per environment and rule,
 * then every finding grouped by environment and rule with its file, object and fix, then exemptions.
 */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  const objects = report.environments.reduce((sum, env) => sum + env.objects, 0);
  const s = report.seconds;
  lines.push(
    `npm run check: ${report.environments.length} environment(s), ${objects} objects in ${s.total.toFixed(2)}s ` +
      `(synth ${s.render.toFixed(2)}s, read ${s.read.toFixed(2)}s, charts ${s.charts.toFixed(2)}s, schema ${s.schema.toFixed(2)}s, rules ${s.rules.toFixed(2)}s)`,
    `charts: ${report.charts.summary}`,
    '',
  );
  for (const check of report.checks) lines.push(`  ${check.id.padEnd(13)} ${STATUS_LABEL[check.status]}  ${check.detail}`);

  lines.push('', 'Counts');
  for (const env of report.environments) {
    lines.push(`  ${heading(env)}: ${plural(env.errors, 'error')}, ${plural(env.warnings, 'warning')}, ${plural(env.exemptions.length, 'exemption')}`);
    for (const [rule, findings] of groupByRule(env.findings)) {
      lines.push(`    ${findings[0]!.severity.padEnd(8)} ${rule.padEnd(36)} ${findings.length}`);
    }
  }

  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  for (const env of report.environments) {
    if (env.findings.length === 0 && env.exemptions.length === 0) continue;
    lines.push('', `== ${heading(env)} ==`);
    for (const [rule, findings] of groupByRule(env.findings)) {
      lines.push('', `${rule} (${findings[0]!.severity})${reasonOf(rules.get(rule))}`);
      for (const finding of findings) lines.push(...formatFinding(finding));
    }
    if (env.exemptions.length > 0) {
      lines.push('', `exemptions (${env.exemptions.length}, reviewed annotations and chart facts)`);
      for (const exemption of env.exemptions) {
        const usage = exemption.waived === 0 ? 'waives nothing now: remove it' : `waives ${plural(exemption.waived, 'finding')}`;
        const subject = exemption.subject === undefined ? '' : `  ${exemption.subject}`;
        lines.push(`  ${exemption.rule}  ${exemption.file}  ${describeRef(exemption.object)}${subject}`, `    reason: ${exemption.reason}  (${usage})`);
      }
    }
  }

  lines.push('', report.ok ? `PASSED: ${plural(report.warnings, 'warning')}, no errors` : `FAILED: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}

function formatFinding(finding: Finding): string[] {
  const object = finding.object ? `  ${describeRef(finding.object)}` : '';
  return [`  ${finding.file}${object}`, `    ${finding.message}`, `    fix: ${finding.fix}`];
}

function heading(env: EnvironmentReport): string {
  return env.production ? `${env.name} (production)` : env.name;
}

function reasonOf(rule: RuleSummary | undefined): string {
  return rule === undefined ? '' : `: ${rule.reason}`;
}

function groupByRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) groups.set(finding.rule, [...(groups.get(finding.rule) ?? []), finding]);
  return groups;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
