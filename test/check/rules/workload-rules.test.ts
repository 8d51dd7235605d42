import { describe, expect, it } from 'vitest';
import { containerProbes } from '../../../src/check/rules/container-probes';
import { containerResources } from '../../../src/check/rules/container-resources';
import { imageDigest, imageRegistry } from '../../../src/check/rules/images';
import { at, compliantEnvironment, container, withChange, withFiles } from '../support/compliant-app';
import { DIGEST, problems } from '../support/dist-fixture';

const DEPLOYMENT = 'apps/web/deployment-web.yaml';
const containers = (object: Record<string, unknown>) => at(object, 'spec', 'template', 'spec') as { containers: Record<string, unknown>[]; initContainers?: unknown[] };

describe('image-digest', () => {
  it('passes images pinned by sha256 digest', () => {
    expect(problems(compliantEnvironment(), imageDigest)).toEqual([]);
  });

  it('fails when a container uses a tag', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).containers[0]!['image'] = 'registry.example.com/storefront/web:1.2.3'));
    expect(problems(files, imageDigest)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: container web (spec.template.spec.containers[0]) image "registry.example.com/storefront/web:1.2.3" is not pinned by a sha256 digest',
    ]);
  });

  it('fails when an init container has a malformed digest, in every environment', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).initContainers = [container({ name: 'init', image: 'registry.example.com/x@sha256:abc' })]));
    expect(problems(files, imageDigest, { production: false })).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: container init (spec.template.spec.initContainers[0]) image "registry.example.com/x@sha256:abc" is not pinned by a sha256 digest',
    ]);
  });

  it('checks CronJob pod templates too', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'web' },
      spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container({ name: 'report', image: 'busybox:latest' })] } } } } },
    };
    expect(problems(withFiles(['apps/web/cronjob-report.yaml', cronJob]), imageDigest)).toEqual([
      'dist/prod/apps/web/cronjob-report.yaml: container report (spec.jobTemplate.spec.template.spec.containers[0]) image "busybox:latest" is not pinned by a sha256 digest',
    ]);
  });
});

describe('image-registry', () => {
  it('passes images below an allowed registry', () => {
    expect(problems(compliantEnvironment(), imageRegistry)).toEqual([]);
  });

  it('fails when an image comes from Docker Hub (no registry in the name)', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).containers[0]!['image'] = `nginx@${DIGEST}`));
    expect(problems(files, imageRegistry)).toEqual([
      `dist/prod/apps/web/deployment-web.yaml: container web (spec.template.spec.containers[0]) image "nginx@${DIGEST}" is from docker.io, allowed: registry.example.com`,
    ]);
  });

  it('fails when a registry only shares a prefix with an allowed one', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).containers[0]!['image'] = `registry.example.com.evil.io/web@${DIGEST}`));
    expect(problems(files, imageRegistry)).toHaveLength(1);
  });
});

describe('container-resources', () => {
  it('passes containers with cpu and memory requests and a memory limit (no cpu limit needed)', () => {
    expect(problems(compliantEnvironment(), containerResources)).toEqual([]);
  });

  it('fails when the memory limit and cpu request are missing', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).containers[0]!['resources'] = { requests: { memory: '64Mi' } }));
    expect(problems(files, containerResources)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: container web (spec.template.spec.containers[0]) sets no resources.requests.cpu, resources.limits.memory',
    ]);
  });

  it('is a warning outside production', () => {
    const files = withChange(DEPLOYMENT, (d) => delete containers(d).containers[0]!['resources']);
    expect(problems(files, containerResources, { production: false })).toHaveLength(1);
  });
});

describe('container-probes', () => {
  it('passes readiness and liveness probes on declared ports (by name and by number)', () => {
    expect(problems(compliantEnvironment(), containerProbes)).toEqual([]);
  });

  it('fails when the liveness probe is missing', () => {
    const files = withChange(DEPLOYMENT, (d) => delete containers(d).containers[0]!['livenessProbe']);
    expect(problems(files, containerProbes)).toEqual(['dist/prod/apps/web/deployment-web.yaml: container web (spec.template.spec.containers[0]) has no livenessProbe']);
  });

  it('fails when a probe targets a port the container does not declare', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).containers[0]!['readinessProbe'] = { tcpSocket: { port: 9090 } }));
    expect(problems(files, containerProbes)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: container web (spec.template.spec.containers[0]) readinessProbe targets port 9090, which the container does not declare (ports: http, 8080)',
    ]);
  });

  it('fails when a probe names an undeclared port', () => {
    const files = withChange(DEPLOYMENT, (d) => (containers(d).containers[0]!['livenessProbe'] = { httpGet: { path: '/', port: 'metrics' } }));
    expect(problems(files, containerProbes)).toHaveLength(1);
  });

  it('does not ask Jobs for probes', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'web' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [container({ name: 'migrate', readinessProbe: undefined, livenessProbe: undefined })] } } } };
    expect(problems(withFiles(['apps/web/job-migrate.yaml', JSON.parse(JSON.stringify(job))]), containerProbes)).toEqual([]);
  });
});
