import { describe, expect, it } from 'vitest';
import { exemptionAnnotationKey } from '../../src/check/exemptions';
import { RULES } from '../../src/check/rules/registry';
import { at, withChange } from './support/compliant-app';
import { runFixture } from './support/dist-fixture';

const DEPLOYMENT = 'apps/web/deployment-web.yaml';

/** The compliant environment with an unspread Deployment (a topology-spread violation) carrying the given annotations. */
function unspread(annotations: Record<string, string>) {
  return withChange(DEPLOYMENT, (d) => {
    delete at(d, 'spec', 'template', 'spec')['topologySpreadConstraints'];
    d.metadata.annotations = annotations;
  });
}

describe('exemption annotations', () => {
  it('waive the named rule on that object and are listed with their reason', () => {
    const { findings, exemptions } = runFixture(unspread({ [exemptionAnnotationKey('topology-spread')]: 'single-zone lab cluster, reviewed by platform team' }), RULES);
    expect(findings).toEqual([]);
    expect(exemptions).toEqual([
      {
        rule: 'topology-spread',
        file: 'dist/prod/apps/web/deployment-web.yaml',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' },
        reason: 'single-zone lab cluster, reviewed by platform team',
        waived: 1,
      },
    ]);
  });

  it('waive only the named rule', () => {
    const { findings } = runFixture(unspread({ [exemptionAnnotationKey('pdb-required')]: 'batch workload' }), RULES);
    expect(findings.map((f) => f.rule)).toEqual(['topology-spread']);
  });

  it('are listed as waiving nothing when the object meets the rule anyway', () => {
    const files = withChange(DEPLOYMENT, (d) => (d.metadata.annotations = { [exemptionAnnotationKey('container-probes')]: 'legacy' }));
    const { findings, exemptions } = runFixture(files, RULES);
    expect(findings).toEqual([]);
    expect(exemptions.map((e) => [e.rule, e.waived])).toEqual([['container-probes', 0]]);
  });

  it('fails when an exemption has no reason, and then waives nothing', () => {
    const { findings, exemptions } = runFixture(unspread({ [exemptionAnnotationKey('topology-spread')]: '  ' }), RULES, { production: false });
    expect(findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
      ['topology-spread', 'warning', 'Deployment web runs several replicas with neither topologySpreadConstraints nor podAntiAffinity (spec.template.spec)'],
      ['exemption-reason', 'error', 'annotation check.gitops-platform.io/exempt-topology-spread has no reason, so it waives nothing'],
    ]);
    expect(exemptions).toEqual([]);
  });

  it('fails when an exemption names an unknown rule or one that cannot be waived', () => {
    const files = withChange(DEPLOYMENT, (d) => (d.metadata.annotations = {
      [exemptionAnnotationKey('topology-sprad')]: 'typo',
      [exemptionAnnotationKey('argocd-single-owner')]: 'would hide a sync conflict',
    }));
    expect(runFixture(files, RULES).findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'exemption-rule: annotation check.gitops-platform.io/exempt-topology-sprad names no rule that can be exempted',
      'exemption-rule: annotation check.gitops-platform.io/exempt-argocd-single-owner names no rule that can be exempted',
    ]);
  });
});

describe('severity', () => {
  it('makes production rules errors in production and warnings elsewhere; error rules errors everywhere', () => {
    const files = withChange(DEPLOYMENT, (d) => {
      delete at(d, 'spec', 'template', 'spec')['topologySpreadConstraints'];
      at(d, 'spec', 'template', 'spec', 'containers', 0)['image'] = 'registry.example.com/storefront/web:1.0';
    });
    const severities = (production: boolean) => runFixture(files, RULES, { production }).findings.map((f) => `${f.rule}=${f.severity}`);
    expect(severities(true)).toEqual(['image-digest=error', 'topology-spread=error']);
    expect(severities(false)).toEqual(['image-digest=error', 'topology-spread=warning']);
  });

  it('gives every rule an id, a one-line reason and a fix hint', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.reason, rule.id).toMatch(/^[^\n]{10,200}$/);
      expect(rule.fix, rule.id).toMatch(/^[^\n]{10,200}$/);
      // The exemption annotation key (prefix + id) must stay a valid annotation name (<= 63 chars after the /).
      expect(exemptionAnnotationKey(rule.id).split('/')[1]!.length, rule.id).toBeLessThanOrEqual(63);
    }
  });
});
