import { describe, expect, it } from 'vitest';
import { isClusterScoped } from '../../charts/lib/cluster-scoped';
import { SchemaValidator } from '../../src/check/schema';
import { renderRepository } from '../support/repo';
import { UPSTREAM_DIR, upstreamAvailable } from '../support/helm-values-issue4';

/** The dist folders of issue 4's components (monitoring, logs, backup, StackRox, TEE nodes). */
const COMPONENTS = ['monitoring', 'logging', 'log-shipper', 'backup', 'stackrox', 'tee-nodes'];

/** API groups of Kubernetes' own kinds: everything else is a custom resource. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io']);

const environments = await renderRepository();
if (!upstreamAvailable()) console.warn(`custom-resources-issue4: no ${UPSTREAM_DIR} (set GITOPS_UPSTREAM_DIR); SKIPPING schema validation of the issue-4 components`);

describe.skipIf(!upstreamAvailable())('objects of monitoring, logging, backup, StackRox and TEE nodes', () => {
  const validator = upstreamAvailable() ? SchemaValidator.load(UPSTREAM_DIR) : undefined;

  it.each(environments.map((env) => [env.name, env] as const))('validate strictly against Kubernetes 1.28 and their pinned CRDs in %s', (_name, env) => {
    const rendered = env.objects.filter((o) => COMPONENTS.some((c) => o.folder === `platform/${c}`));
    const customResources = rendered.filter((o) => !BUILT_IN_GROUPS.has(o.object.apiVersion.includes('/') ? o.object.apiVersion.split('/')[0]! : ''));
    // PrometheusRule, ExternalSecrets, BackupStorageLocation, Schedules, VolumeSnapshotClass,
    // SecuredCluster (+ Central), NodeFeatureRule: every one of them is checked, none skipped.
    expect(customResources.length).toBeGreaterThanOrEqual(12);
    for (const { file, object } of rendered) {
      expect(validator!.hasSchemaFor(object.apiVersion, object.kind), `${file}: no schema for ${object.apiVersion} ${object.kind}`).toBe(true);
      expect(validator!.validate(object as unknown as Record<string, unknown>).map((f) => `${f.path}: ${f.message}`), file).toEqual([]);
    }
  });

  it('fails when a field is misspelt or has the wrong type (the validation is strict)', () => {
    const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x', namespace: 'monitoring' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up', fore: '5m' }] }] } };
    expect(validator!.validate(rule).map((f) => f.path)).toEqual(['/spec/groups/0/rules/0/fore']);
    const schedule = { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'x', namespace: 'velero' }, spec: { schedule: 5, template: {} } };
    expect(validator!.validate(schedule).map((f) => f.path)).toEqual(['/spec/schedule']);
  });

  it('renders cluster-scoped kinds without a namespace, and only those', () => {
    for (const env of environments) {
      for (const rendered of env.objects.filter((o) => COMPONENTS.some((c) => o.folder === `platform/${c}`))) {
        expect(rendered.object.metadata.namespace === undefined, rendered.file).toBe(isClusterScoped(rendered.object.apiVersion, rendered.object.kind));
      }
    }
  });
});
