import { describe, expect, it } from 'vitest';
import { pdbAllowsDisruption, pdbRequired } from '../../../src/check/rules/disruption-budget';
import { hpaOwnsReplicas, minReplicas } from '../../../src/check/rules/replicas';
import { topologySpread } from '../../../src/check/rules/topology-spread';
import { at, compliantEnvironment, deployment, withChange, without } from '../support/compliant-app';
import { problems, type FixtureFile } from '../support/dist-fixture';

const DEPLOYMENT = 'apps/web/deployment-web.yaml';
const PDB = 'apps/web/poddisruptionbudget-web.yaml';

function hpa(minReplicas: number | undefined, maxReplicas = 6): FixtureFile {
  return [
    'apps/web/horizontalpodautoscaler-web.yaml',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...(minReplicas === undefined ? {} : { minReplicas }), maxReplicas },
    },
  ];
}

function withDeployment(replicas: number | undefined, ...extra: FixtureFile[]): FixtureFile[] {
  return [...withChange(DEPLOYMENT, (d) => {
    const spec = at(d, 'spec');
    if (replicas === undefined) delete spec['replicas'];
    else spec['replicas'] = replicas;
  }), ...extra];
}

describe('min-replicas', () => {
  it('passes 3 replicas, and an HPA with minReplicas 2 on a workload without replicas', () => {
    expect(problems(compliantEnvironment(), minReplicas)).toEqual([]);
    expect(problems(withDeployment(undefined, hpa(2)), minReplicas)).toEqual([]);
  });

  it('fails when a production Deployment runs one replica', () => {
    expect(problems(withDeployment(1), minReplicas)).toEqual(['dist/prod/apps/web/deployment-web.yaml: Deployment web runs 1 replica']);
  });

  it('fails when replicas is unset and no HPA scales the workload', () => {
    expect(problems(withDeployment(undefined), minReplicas)).toEqual(['dist/prod/apps/web/deployment-web.yaml: Deployment web runs 1 replica (spec.replicas unset)']);
  });

  it('fails when the HPA may scale down to one (minReplicas defaults to 1)', () => {
    expect(problems(withDeployment(undefined, hpa(undefined)), minReplicas)).toEqual([
      'dist/prod/apps/web/horizontalpodautoscaler-web.yaml: HorizontalPodAutoscaler web lets Deployment web scale down to 1 (spec.minReplicas)',
    ]);
  });

  it('allows one replica outside production', () => {
    expect(problems(withDeployment(1), minReplicas, { production: false })).toEqual([]);
  });
});

describe('hpa-owns-replicas', () => {
  it('passes a workload an HPA scales without a replicas field', () => {
    expect(problems(withDeployment(undefined, hpa(2)), hpaOwnsReplicas)).toEqual([]);
  });

  it('fails when a workload an HPA scales also sets spec.replicas', () => {
    expect(problems(withDeployment(3, hpa(2)), hpaOwnsReplicas)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: spec.replicas is 3, but HorizontalPodAutoscaler web scales it (max 6)',
    ]);
  });
});

describe('pdb-required', () => {
  it('passes a multi-replica workload with a PDB, and a single-replica one without', () => {
    expect(problems(compliantEnvironment(), pdbRequired)).toEqual([]);
    expect(problems(withDeployment(1).filter(([file]) => file !== PDB), pdbRequired)).toEqual([]);
  });

  it('fails when a multi-replica workload has no PDB', () => {
    expect(problems(without(PDB), pdbRequired)).toEqual(['dist/prod/apps/web/deployment-web.yaml: Deployment web runs 3+ replicas and no PodDisruptionBudget selects its pods']);
  });

  it('fails when the only PDB selects other pods', () => {
    const files = withChange(PDB, (pdb) => (at(pdb, 'spec')['selector'] = { matchLabels: { 'app.kubernetes.io/name': 'api' } }));
    expect(problems(files, pdbRequired)).toHaveLength(1);
  });

  it('counts an HPA that may scale out as multi-replica', () => {
    expect(problems(withDeployment(undefined, hpa(1, 4)).filter(([file]) => file !== PDB), pdbRequired)).toHaveLength(1);
  });
});

describe('pdb-allows-disruption', () => {
  it('passes maxUnavailable 1, and minAvailable below the replica count', () => {
    expect(problems(compliantEnvironment(), pdbAllowsDisruption)).toEqual([]);
    const files = withChange(PDB, (pdb) => {
      const spec = at(pdb, 'spec');
      delete spec['maxUnavailable'];
      spec['minAvailable'] = '50%';
    });
    expect(problems(files, pdbAllowsDisruption)).toEqual([]);
  });

  it('fails when maxUnavailable is 0', () => {
    const files = withChange(PDB, (pdb) => (at(pdb, 'spec')['maxUnavailable'] = 0));
    expect(problems(files, pdbAllowsDisruption)).toEqual(['dist/prod/apps/web/poddisruptionbudget-web.yaml: maxUnavailable 0 allows no disruption of Deployment web (3 replicas at least)']);
  });

  it('fails when minAvailable equals the replica count', () => {
    const files = withChange(PDB, (pdb) => {
      const spec = at(pdb, 'spec');
      delete spec['maxUnavailable'];
      spec['minAvailable'] = 3;
    });
    expect(problems(files, pdbAllowsDisruption)).toEqual(['dist/prod/apps/web/poddisruptionbudget-web.yaml: minAvailable 3 allows no disruption of Deployment web (3 replicas at least)']);
  });

  it('fails when minAvailable is 100%', () => {
    const files = withChange(PDB, (pdb) => {
      const spec = at(pdb, 'spec');
      delete spec['maxUnavailable'];
      spec['minAvailable'] = '100%';
    });
    expect(problems(files, pdbAllowsDisruption)).toHaveLength(1);
  });
});

describe('topology-spread', () => {
  it('passes topologySpreadConstraints, and podAntiAffinity instead', () => {
    expect(problems(compliantEnvironment(), topologySpread)).toEqual([]);
    const antiAffinity = withChange(DEPLOYMENT, (d) => {
      const pod = at(d, 'spec', 'template', 'spec');
      delete pod['topologySpreadConstraints'];
      pod['affinity'] = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } };
    });
    expect(problems(antiAffinity, topologySpread)).toEqual([]);
  });

  it('fails when a multi-replica Deployment has neither', () => {
    const files = withChange(DEPLOYMENT, (d) => delete at(d, 'spec', 'template', 'spec')['topologySpreadConstraints']);
    expect(problems(files, topologySpread)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: Deployment web runs several replicas with neither topologySpreadConstraints nor podAntiAffinity (spec.template.spec)',
    ]);
  });

  it('does not ask a single replica to spread', () => {
    const single = deployment({ replicas: 1, podSpec: { topologySpreadConstraints: [] } });
    expect(problems(compliantEnvironment().map(([f, o]) => [f, f === DEPLOYMENT ? single : o] as const), topologySpread)).toEqual([]);
  });
});
