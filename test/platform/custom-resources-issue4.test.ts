import { describe, expect, it } from 'vitest';
import { isClusterScoped } from '../../charts/lib/cluster-scoped';
import { renderRepository } from '../support/repo';
import { CrdSchemas, upstreamAvailable } from '../support/crd-schemas-issue4';

/** The dist folders of issue 4's components. */
const COMPONENTS = ['monitoring', 'logging', 'log-shipper', 'backup', 'stackrox', 'tee-nodes'];

/** API groups of Kubernetes' own kinds: everything else is a custom resource and needs a CRD. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io']);

const environments = await renderRepository();
if (!upstreamAvailable()) console.warn('custom-resources-issue4: ../shared/upstream is missing (set GITOPS_UPSTREAM_DIR); skipping CRD schema validation');

describe.skipIf(!upstreamAvailable())('custom resources of monitoring, logging, backup, StackRox and TEE nodes', () => {
  const schemas = upstreamAvailable() ? CrdSchemas.load() : undefined;

  it.each(environments.map((env) => [env.name, env] as const))('validate against their CRD schema from ../shared/upstream in %s', (_name, env) => {
    const customResources = env.objects.filter((o) => COMPONENTS.some((c) => o.folder === `platform/${c}`) && !BUILT_IN_GROUPS.has(o.object.apiVersion.includes('/') ? o.object.apiVersion.split('/')[0]! : ''));
    expect(customResources.length).toBeGreaterThan(0);
    for (const rendered of customResources) {
      expect(schemas!.has(rendered.object), `${rendered.file}: no CRD for ${rendered.object.apiVersion} ${rendered.object.kind}`).toBe(true);
      expect(schemas!.validate(rendered.object), rendered.file).toEqual([]);
    }
  });

  it('fails when a field is misspelt or has the wrong type (the validator is strict)', () => {
    const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up', fore: '5m' }] }] } };
    expect(schemas!.validate(rule)).toEqual(["/spec/groups/0/rules/0: must NOT have additional properties 'fore'"]);
    const schedule = { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'x' }, spec: { schedule: 5, template: {} } };
    expect(schemas!.validate(schedule)).toEqual(['/spec/schedule: must be string']);
  });

  it('knows which kinds are cluster-scoped for every cluster-scoped custom resource rendered', () => {
    for (const env of environments) {
      for (const rendered of env.objects.filter((o) => COMPONENTS.some((c) => o.folder === `platform/${c}`))) {
        if (rendered.object.metadata.namespace === undefined) expect(isClusterScoped(rendered.object.apiVersion, rendered.object.kind), rendered.file).toBe(true);
      }
    }
  });
});
