import { describe, expect, it } from 'vitest';
import { teePlacement } from '../../../src/check/rules/tee-placement';
import { fixtureInstall } from '../support/chart-fixture';
import { compliantEnvironment, container } from '../support/compliant-app';
import { fixtureEnvironment, problems, type FixtureFile, type Manifest } from '../support/dist-fixture';

const tee = fixtureEnvironment().platform.tee!;
const FILE = 'apps/vault-box/deployment-vault-box.yaml';
const toleration = { key: tee.taint.key, operator: 'Equal', value: tee.taint.value, effect: tee.taint.effect };

function runtimeClass(handler: string, scheduling?: Record<string, unknown>): FixtureFile {
  return ['platform/tee-nodes/runtimeclass.yaml', { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: tee.runtimeClassName }, handler, ...(scheduling ? { scheduling } : {}) } as Manifest];
}

function teeDeployment(podSpec: Record<string, unknown>): FixtureFile {
  return [
    FILE,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'vault-box', namespace: 'web' },
      spec: { selector: { matchLabels: { app: 'vault-box' } }, template: { metadata: { labels: { app: 'vault-box' } }, spec: { runtimeClassName: tee.runtimeClassName, containers: [container()], ...podSpec } } },
    },
  ];
}

const runtime = fixtureInstall('confidential-runtime', { runtimeHandlers: ['kata-qemu-snp'] });
const placed = { nodeSelector: { ...tee.nodeSelector }, tolerations: [toleration] };

describe('tee-placement', () => {
  it('passes a TEE pod that selects and tolerates the pool, with its RuntimeClass and an installed handler', () => {
    expect(problems([...compliantEnvironment(), runtimeClass('kata-qemu-snp'), teeDeployment(placed)], teePlacement, { charts: [runtime] })).toEqual([]);
  });

  it('counts the scheduling the RuntimeClass merges into the pod at admission', () => {
    const scheduling = { nodeSelector: { ...tee.nodeSelector }, tolerations: [toleration] };
    expect(problems([...compliantEnvironment(), runtimeClass('kata-qemu-snp', scheduling), teeDeployment({})], teePlacement, { charts: [runtime] })).toEqual([]);
  });

  it('fails a TEE pod that neither selects the pool\'s labels nor tolerates its taint', () => {
    const [key, value] = Object.entries(tee.nodeSelector)[0]!;
    expect(problems([...compliantEnvironment(), runtimeClass('kata-qemu-snp'), teeDeployment({})], teePlacement, { charts: [runtime] })).toEqual([
      `dist/prod/${FILE}: spec.template.spec.runtimeClassName ${tee.runtimeClassName}: the pod does not select the TEE pool's labels ${key}=${value}`,
      `dist/prod/${FILE}: spec.template.spec.runtimeClassName ${tee.runtimeClassName}: the pod does not tolerate the TEE pool's taint ${tee.taint.key}=${tee.taint.value}:${tee.taint.effect}`,
    ]);
  });

  it('fails when no runtime component installs the handler, or the RuntimeClass is missing', () => {
    expect(problems([...compliantEnvironment(), runtimeClass('kata-qemu-snp'), teeDeployment(placed)], teePlacement, { charts: [fixtureInstall('other')] })).toEqual([
      `dist/prod/${FILE}: spec.template.spec.runtimeClassName ${tee.runtimeClassName}: its handler kata-qemu-snp is installed by no runtime component (no chart declares it in runtimeHandlers; the confidential-runtime component installs the pool's handler)`,
    ]);
    expect(problems([...compliantEnvironment(), teeDeployment(placed)], teePlacement, { charts: [runtime] })).toEqual([
      `dist/prod/${FILE}: spec.template.spec.runtimeClassName ${tee.runtimeClassName}: no RuntimeClass of that name is rendered (the tee-nodes component renders tee.runtimeClassName)`,
    ]);
  });

  it('fails a TEE pod in an environment without a TEE pool', () => {
    const environment = { ...fixtureEnvironment(), platform: { ...fixtureEnvironment().platform, tee: undefined } };
    expect(problems([...compliantEnvironment(), runtimeClass('kata-qemu-snp'), teeDeployment(placed)], teePlacement, { charts: [runtime], environment })).toEqual([
      `dist/prod/${FILE}: spec.template.spec.runtimeClassName ${tee.runtimeClassName}: a TEE runtime class, but overlays/prod/platform.yaml has no tee section (no TEE pool)`,
    ]);
  });

  it('ignores pods without a runtime class', () => {
    expect(problems(compliantEnvironment(), teePlacement)).toEqual([]);
  });
});
