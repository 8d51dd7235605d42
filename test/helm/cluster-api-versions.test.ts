import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterApiVersions } from '../../src/helm/cluster-api-versions';
import { scratchDir } from '../support/helm';
import { REPO_ROOT } from '../support/repo';
import { UPSTREAM_DIR, upstreamFolder } from '../support/upstream';

const upstreamCrds = upstreamFolder('crds', 'Cluster API versions from the pinned upstream schemas');

const fixtureSchemaDir = path.join(REPO_ROOT, 'test/fixtures/schema/cluster-discovery');

describe('the API versions a cluster serves, from pinned definitions and CRDs', () => {
  it('lists group/version and group/version/Kind of served built-in resources and CRD versions', () => {
    expect(clusterApiVersions({ schemaDir: fixtureSchemaDir })).toEqual([
      'fixtures.example.com/v1',
      'fixtures.example.com/v1/Widget',
      'fixtures.example.com/v1alpha1',
      'fixtures.example.com/v1alpha1/Gadget',
      'flowcontrol.apiserver.k8s.io/v1beta3',
      'flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema',
      'policy/v1',
      'policy/v1/PodDisruptionBudget',
      'v1',
      'v1/Pod',
    ]);
  });

  it('keeps the derived list in the cache dir, and derives a new one when a CRD changes', () => {
    const schemaDir = scratchDir('schema');
    cpSync(fixtureSchemaDir, schemaDir, { recursive: true });
    const cacheDir = scratchDir('api-versions-cache');
    const before = clusterApiVersions({ schemaDir, cacheDir });
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('api-versions-'))).toHaveLength(1);
    writeFileSync(path.join(schemaDir, 'crds/fixtures/sprockets.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: sprockets.example.com\n  names: { kind: Sprocket }\n  versions: [{ name: v2, served: true }]\n');
    const after = clusterApiVersions({ schemaDir, cacheDir });
    expect(after).toEqual([...before, 'sprockets.example.com/v2', 'sprockets.example.com/v2/Sprocket'].sort());
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('api-versions-'))).toHaveLength(2);
  });

  it.skipIf(!upstreamCrds.available)('for the pinned upstream: Kubernetes 1.28 kinds and the operators\' CRDs, without removed or alpha APIs', () => {
    const versions = clusterApiVersions({ schemaDir: UPSTREAM_DIR, cacheDir: path.join(REPO_ROOT, '.cache/helm') });
    for (const served of ['v1/Service', 'apps/v1/Deployment', 'policy/v1/PodDisruptionBudget', 'autoscaling/v2/HorizontalPodAutoscaler', 'monitoring.coreos.com/v1/ServiceMonitor', 'cert-manager.io/v1/ClusterIssuer', 'argoproj.io/v1alpha1/Application', 'velero.io/v1/Schedule']) {
      expect(versions).toContain(served);
    }
    for (const absent of ['policy/v1beta1', 'autoscaling/v2beta2', 'resource.k8s.io/v1alpha2', 'admissionregistration.k8s.io/v1beta1', 'v1/PodList', 'v1/DeleteOptions']) {
      expect(versions).not.toContain(absent);
    }
  });
});
