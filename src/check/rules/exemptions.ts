import { readExemptions } from '../exemptions';
import type { Rule } from './rule';

/**
 * The rules that keep exemptions honest. They take the ids of the rules that may be waived;
 * they cannot be waived themselves.
 */
export function exemptionRules(exemptible: ReadonlySet<string>): Rule[] {
  return [
    {
      id: 'exemption-reason',
      reason: 'An exemption is a reviewed decision; without a written reason nobody can review or revisit it.',
      fix: 'Write why the rule does not apply as the annotation value, or remove the annotation and fix the object.',
      severity: 'error',
      exemptible: false,
      *check(context) {
        for (const exemption of readExemptions(context.objects)) {
          if (exemption.reason === '') yield { object: exemption.object, message: `annotation ${exemption.annotation} has no reason, so it waives nothing` };
        }
        for (const install of context.charts) {
          for (const exemption of install.declared.exemptions) {
            if (exemption.reason.trim() === '') yield { file: install.declared.declaredIn, message: `chart ${install.chart}: the exemption of ${exemption.rule}${exemption.subject === undefined ? '' : ` for ${exemption.subject}`} has no reason, so it waives nothing` };
          }
        }
      },
    },
    {
      id: 'exemption-rule',
      reason: 'An exemption naming an unknown (or unwaivable) rule waives nothing and hides a typo.',
      fix: `Use the id of a rule from the report (npm run check -- --rules lists them).`,
      severity: 'error',
      exemptible: false,
      *check(context) {
        for (const exemption of readExemptions(context.objects)) {
          if (!exemptible.has(exemption.rule)) yield { object: exemption.object, message: `annotation ${exemption.annotation} names no rule that can be exempted` };
        }
        for (const install of context.charts) {
          for (const exemption of install.declared.exemptions) {
            if (!exemptible.has(exemption.rule)) yield { file: install.declared.declaredIn, message: `chart ${install.chart}: an exemption names ${exemption.rule}, which is no rule that can be exempted` };
          }
        }
      },
    },
  ];
}
