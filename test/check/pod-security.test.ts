import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  evaluatePodSecurity,
  podTemplateOf,
  type PodLike,
  type PodSecurityLevel,
} from '../../src/check/pod-security/index.js';
import { upstreamFolder } from '../support/upstream';

// --- Upstream fixtures (kubernetes/pod-security-admission test/testdata, v1.35) ---------------

const { dir: fixturesDir, available: fixturesExist } = upstreamFolder('pod-security-testdata', 'Pod Security fixture tests (upstream kubernetes/pod-security-admission testdata)');

type Outcome = 'pass' | 'fail';
const fixtureLevels = ['baseline', 'restricted'] as const;

function fixtureFiles(level: PodSecurityLevel, outcome: Outcome): string[] {
  if (!fixturesExist) return [];
  return readdirSync(path.join(fixturesDir, level, 'v1.35', outcome))
    .filter((file) => file.endsWith('.yaml'))
    .sort();
}

function loadFixture(level: PodSecurityLevel, outcome: Outcome, file: string): PodLike {
  const pod = podTemplateOf(parse(readFileSync(path.join(fixturesDir, level, 'v1.35', outcome, file), 'utf8')));
  if (pod === undefined) throw new Error(`${level}/${outcome}/${file} is not a Pod`);
  return pod;
}

/** File-name prefix -> check ID, from the fixtures README ("<checkid in lower case><N>.yaml"). */
const checkIdByPrefix: Readonly<Record<string, string>> = {
  apparmorprofile: 'appArmorProfile',
  capabilities_baseline: 'capabilities_baseline',
  hostnamespaces: 'hostNamespaces',
  hostpathvolumes: 'hostPathVolumes',
  hostports: 'hostPorts',
  hostprobesandhostlifecycle: 'hostProbesAndHostLifecycle',
  privileged: 'privileged',
  procmount: 'procMount',
  seccompprofile_baseline: 'seccompProfile_baseline',
  selinuxoptions: 'seLinuxOptions',
  sysctls: 'sysctls',
  windowshostprocess: 'windowsHostProcess',
  allowprivilegeescalation: 'allowPrivilegeEscalation',
  capabilities_restricted: 'capabilities_restricted',
  procmount_restricted: 'procMount_restricted',
  restrictedvolumes: 'restrictedVolumes',
  runasnonroot: 'runAsNonRoot',
  runasuser: 'runAsUser',
  seccompprofile_restricted: 'seccompProfile_restricted',
};

/** At restricted, these baseline checks do not run; the restricted check that replaces them catches their fixtures. */
const replacementAtRestricted: Readonly<Record<string, string>> = {
  capabilities_baseline: 'capabilities_restricted',
  seccompProfile_baseline: 'seccompProfile_restricted',
  hostPathVolumes: 'restrictedVolumes',
  procMount: 'procMount_restricted',
};

function expectedCheckId(level: PodSecurityLevel, file: string): string {
  const prefix = file.replace(/\d*\.yaml$/, '');
  const checkId = checkIdByPrefix[prefix];
  if (checkId === undefined) throw new Error(`no check ID known for fixture prefix "${prefix}"`);
  return level === 'restricted' ? (replacementAtRestricted[checkId] ?? checkId) : checkId;
}

describe.skipIf(!fixturesExist)('Pod Security Standards: upstream v1.35 fixtures', () => {
  for (const level of fixtureLevels) {
    describe(level, () => {
      it.each(fixtureFiles(level, 'pass'))(`accepts pass/%s`, (file) => {
        expect(evaluatePodSecurity(loadFixture(level, 'pass', file), level)).toEqual([]);
      });

      it.each(fixtureFiles(level, 'fail'))(`rejects fail/%s with the check it is named after`, (file) => {
        const checks = evaluatePodSecurity(loadFixture(level, 'fail', file), level).map((violation) => violation.check);
        expect(checks).toContain(expectedCheckId(level, file));
      });
    });
  }

  describe('restricted includes baseline', () => {
    it.each(fixtureFiles('baseline', 'fail'))('rejects baseline fail/%s at restricted too', (file) => {
      expect(evaluatePodSecurity(loadFixture('baseline', 'fail', file), 'restricted')).not.toEqual([]);
    });

    it.each(fixtureFiles('restricted', 'pass'))('accepts restricted pass/%s at baseline too', (file) => {
      expect(evaluatePodSecurity(loadFixture('restricted', 'pass', file), 'baseline')).toEqual([]);
    });
  });

  it('finds all 148 fixture files', () => {
    const count = fixtureLevels.reduce(
      (sum, level) => sum + fixtureFiles(level, 'pass').length + fixtureFiles(level, 'fail').length,
      0,
    );
    expect(count).toBe(148);
  });
});

// --- Hand-written cases -----------------------------------------------------------------------

const restrictedContainerSecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

function deployment(containerSecurityContext: Record<string, unknown>): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'api', image: 'example/api@sha256:0', securityContext: containerSecurityContext }],
        },
      },
    },
  };
}

function podOf(object: unknown): PodLike {
  const pod = podTemplateOf(object);
  if (pod === undefined) throw new Error('expected a pod template');
  return pod;
}

describe('evaluatePodSecurity', () => {
  it('accepts a restricted-compliant Deployment at restricted', () => {
    expect(evaluatePodSecurity(podOf(deployment(restrictedContainerSecurityContext)), 'restricted')).toEqual([]);
  });

  it('fails when a container is privileged, naming the check and the field', () => {
    const pod = podOf(deployment({ ...restrictedContainerSecurityContext, privileged: true }));
    expect(evaluatePodSecurity(pod, 'baseline')).toEqual([
      expect.objectContaining({ check: 'privileged', field: 'spec.containers[0].securityContext.privileged' }),
    ]);
  });

  it('allows anything at privileged', () => {
    const pod = podOf(deployment({ privileged: true }));
    expect(evaluatePodSecurity(pod, 'privileged')).toEqual([]);
  });

  it('fails when a container leaves allowPrivilegeEscalation unset at restricted', () => {
    const pod = podOf(deployment({ capabilities: { drop: ['ALL'] } }));
    expect(evaluatePodSecurity(pod, 'restricted')).toEqual([
      expect.objectContaining({
        check: 'allowPrivilegeEscalation',
        field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
      }),
    ]);
  });

  it('lets a container seccompProfile override the pod one', () => {
    const pod = podOf(deployment({ ...restrictedContainerSecurityContext, seccompProfile: { type: 'Unconfined' } }));
    expect(evaluatePodSecurity(pod, 'restricted').map((v) => [v.check, v.field])).toEqual([
      ['seccompProfile_restricted', 'spec.containers[0].securityContext.seccompProfile.type'],
    ]);
  });

  it('skips runAsNonRoot and runAsUser for a hostUsers: false pod, but keeps procMount_restricted', () => {
    const pod: PodLike = {
      spec: {
        hostUsers: false,
        securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', securityContext: { ...restrictedContainerSecurityContext, procMount: 'Unmasked' } }],
      },
    };
    expect(evaluatePodSecurity(pod, 'baseline')).toEqual([]);
    expect(evaluatePodSecurity(pod, 'restricted').map((v) => v.check)).toEqual(['procMount_restricted']);
  });

  it('checks ephemeral containers too', () => {
    const pod: PodLike = { spec: { ephemeralContainers: [{ name: 'debug', ports: [{ hostPort: 8080 }] }] } };
    expect(evaluatePodSecurity(pod, 'baseline')).toEqual([
      expect.objectContaining({ check: 'hostPorts', field: 'spec.ephemeralContainers[0].ports[0].hostPort' }),
    ]);
  });

  it('fails when the appArmorProfile field is Unconfined', () => {
    const pod: PodLike = { spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [{ name: 'app' }] } };
    expect(evaluatePodSecurity(pod, 'baseline')).toEqual([
      expect.objectContaining({ check: 'appArmorProfile', field: 'spec.securityContext.appArmorProfile.type' }),
    ]);
  });

  it('allows image and csi volumes at restricted but not nfs', () => {
    const pod = podOf({
      kind: 'Pod',
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', securityContext: restrictedContainerSecurityContext }],
        volumes: [
          { name: 'img', image: { reference: 'example/data:1' } },
          { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io' } },
          { name: 'share', nfs: { server: 'nfs', path: '/' } },
        ],
      },
    });
    expect(evaluatePodSecurity(pod, 'restricted').map((v) => v.field)).toEqual(['spec.volumes[2].nfs']);
  });
});

describe('podTemplateOf', () => {
  it('finds the pod of a CronJob in spec.jobTemplate.spec.template', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: {
        schedule: '0 * * * *',
        jobTemplate: {
          spec: {
            template: {
              metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/job': 'unconfined' } },
              spec: { hostPID: true, containers: [{ name: 'job' }] },
            },
          },
        },
      },
    };
    const pod = podOf(cronJob);
    expect(pod.spec.hostPID).toBe(true);
    expect(pod.metadata?.annotations).toEqual({ 'container.apparmor.security.beta.kubernetes.io/job': 'unconfined' });
    expect(evaluatePodSecurity(pod, 'baseline').map((v) => v.check)).toEqual(['hostNamespaces', 'appArmorProfile']);
  });

  it('returns undefined for kinds that run no pod', () => {
    expect(podTemplateOf({ kind: 'ConfigMap', data: {} })).toBeUndefined();
    expect(podTemplateOf({ kind: 'toString' })).toBeUndefined();
    expect(podTemplateOf('not an object')).toBeUndefined();
  });

  it('returns undefined for a workload without a pod spec', () => {
    expect(podTemplateOf({ kind: 'Deployment', spec: {} })).toBeUndefined();
  });
});
