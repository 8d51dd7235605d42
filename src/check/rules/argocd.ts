import { groupOf } from '../../../charts/lib/cluster-scoped';
import { isOperatorApplied } from '../../../charts/lib/operator-applied';
import { isBuiltInGroup } from '../k8s/api-groups';
import { syncWaveOf, type ApplicationView } from '../k8s/applications';
import { recordAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import { effectiveFacts } from '../chart-installs';
import { CLUSTER_PROVIDED_CRD_GROUPS } from '../cluster-provided-crds';
import type { Rule, Violation } from './rule';

/** dist/<env>/root.yaml is the root Application an admin applies once; no Application syncs it. */
const ROOT_FILE = 'root.yaml';

/** Every object is synced by exactly one Application. */
export const argocdSingleOwner: Rule = {
  id: 'argocd-single-owner',
  reason: 'An object no Application syncs is never applied; one that two Applications sync flaps between them (SharedResourceWarning).',
  fix: 'Render each object once, in the folder of exactly one Application (one DistChart per folder).',
  // A broken ownership breaks the sync in every environment.
  severity: 'error',
  exemptible: false,
  *check(context) {
    const byIdentity = new Map<string, CheckedObject[]>();
    for (const object of context.objects) {
      const key = `${groupOf(object.object.apiVersion)}/${object.object.kind}/${context.namespaceOf(object) ?? ''}/${object.object.metadata.name}`;
      const copies = byIdentity.get(key);
      if (copies === undefined) byIdentity.set(key, [object]);
      else copies.push(object);
      // Applied by hand: root.yaml once, restore/ only into a replacement cluster (rule restore-operator-applied).
      if (object.file === ROOT_FILE || isOperatorApplied(object.folder)) continue;
      const owners = context.ownersOf(object);
      if (owners.length === 0) {
        yield { object, message: `no Application syncs ${context.distPath}/${object.folder}` };
      } else if (owners.length > 1) {
        yield { object, message: `synced by ${owners.length} Applications: ${owners.map((a) => a.name).join(', ')}` };
      }
    }
    for (const copies of byIdentity.values()) {
      if (copies.length < 2) continue;
      for (const copy of copies) {
        yield { object: copy, message: `the same object is rendered ${copies.length} times: ${copies.map((c) => context.pathOf(c)).join(', ')}` };
      }
    }
  },
};

/** Every Application path is a non-empty folder of this environment's dist/. */
export const argocdPathExists: Rule = {
  id: 'argocd-path-exists',
  reason: 'An Application whose path is missing or empty fails to sync, or with prune deletes everything it owned.',
  fix: 'Point spec.source(s).path at an existing dist/<env>/<layer>/<name> folder with manifests (re-run npm run synth).',
  severity: 'error',
  exemptible: false,
  *check(context) {
    // Folder -> number of manifests directly in it; recursive paths also count the folders below.
    const manifestsIn = new Map<string, number>();
    for (const file of context.files) {
      if (!/\.ya?ml$/.test(file)) continue;
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
      manifestsIn.set(dir, (manifestsIn.get(dir) ?? 0) + 1);
    }
    for (const app of context.applications) {
      for (const source of app.paths) {
        if (source.repoURL !== context.environment.argocd.repoURL) continue; // another repository: not ours to check
        if (!source.path.startsWith(`${context.distPath}/`)) {
          yield { object: app.source, message: `path ${source.path} is outside ${context.distPath}/` };
          continue;
        }
        const folder = source.path.slice(context.distPath.length + 1);
        const synced = (manifestsIn.get(folder) ?? 0) + (source.recurse ? [...manifestsIn].filter(([dir]) => dir.startsWith(`${folder}/`)).length : 0);
        if (synced === 0) yield { object: app.source, message: `path ${source.path} has no manifests in the committed dist/` };
      }
    }
  },
};

interface Provider {
  readonly app: ApplicationView;
  /** Sync wave of the provider's objects inside its Application (a chart's objects: 0). */
  readonly wave: number;
  readonly what: string;
}

/** Custom resources sync after whatever installs their CRD: an earlier-wave Application, or the same one. */
export const argocdCrdSyncOrder: Rule = {
  id: 'argocd-crd-sync-order',
  reason: 'A custom resource applied before its CRD exists fails the sync on a fresh cluster.',
  fix: 'Give the Application that installs the CRD a lower sync wave than the one with the custom resource, or use afterHelmCrds() inside the same Application.',
  severity: 'error',
  *check(context) {
    const providers = providersByKind(context);
    for (const object of context.objects) {
      const group = groupOf(object.object.apiVersion);
      if (isBuiltInGroup(group) || CLUSTER_PROVIDED_CRD_GROUPS.has(group)) continue;
      const owners = context.ownersOf(object);
      if (owners.length !== 1) continue; // argocd-single-owner reports it
      const violation = orderViolation(context, object, owners[0]!, providers.get(`${group}/${object.object.kind}`) ?? []);
      if (violation !== undefined) yield violation;
    }
    // What the charts render: applied with the chart (wave 0) of their Application.
    for (const install of context.charts) {
      const consumer = context.application(install.application);
      if (consumer === undefined) continue;
      for (const resource of effectiveFacts(install).customResources) {
        if (isBuiltInGroup(resource.group) || CLUSTER_PROVIDED_CRD_GROUPS.has(resource.group)) continue;
        const candidates = providers.get(`${resource.group}/${resource.kind}`) ?? [];
        const crdName = `${resource.kind}.${resource.group}`;
        if (candidates.some((p) => p.app === consumer || p.app.wave < consumer.wave)) continue;
        yield {
          chart: { install, subject: crdName },
          message: candidates.length === 0
            ? `renders ${crdName}, whose CRD nothing in ${context.distPath}/ installs`
            : `renders ${crdName} in wave ${consumer.wave}, but its CRD comes from ${candidates.map((p) => `${p.what} in Application ${p.app.name} (wave ${p.app.wave})`).join(', ')}: not strictly earlier`,
          fix: 'Install the CRD in an Application of a lower sync wave, or turn the custom resource off in the chart\'s values.',
        };
      }
    }
  },
};

/** Who installs each CRD (group/kind): CRD objects in dist/ and the charts' CRDs. */
function providersByKind(context: RuleContext): Map<string, Provider[]> {
  const providers = new Map<string, Provider[]>();
  const add = (key: string, provider: Provider) => providers.set(key, [...(providers.get(key) ?? []), provider]);
  for (const crd of context.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
    const spec = recordAt(crd.object, 'spec') ?? {};
    for (const app of context.ownersOf(crd)) {
      add(`${String(spec['group'])}/${String(recordAt(spec, 'names')?.['kind'])}`, { app, wave: syncWaveOf(crd.object.metadata.annotations), what: `CustomResourceDefinition ${crd.object.metadata.name}` });
    }
  }
  for (const install of context.charts) {
    const app = context.application(install.application);
    if (app === undefined) continue;
    for (const crd of effectiveFacts(install).crds) add(`${crd.group}/${crd.kind}`, { app, wave: 0, what: `Helm chart ${install.chart}` });
  }
  return providers;
}

function orderViolation(context: RuleContext, object: CheckedObject, consumer: ApplicationView, providers: readonly Provider[]): Violation | undefined {
  const { kind, apiVersion } = object.object;
  const crdName = `${kind}.${groupOf(apiVersion)}`;
  if (providers.length === 0) {
    return {
      object,
      message: `nothing in ${context.distPath}/ installs the CRD of ${crdName}`,
      fix: 'Render the CRD, install the operator\'s Helm chart (declaring its CRDs in its facts) in an Application, or, for a CRD every cluster brings, list its group in src/check/cluster-provided-crds.ts.',
    };
  }
  const wave = syncWaveOf(object.object.metadata.annotations);
  const problems: string[] = [];
  for (const provider of providers) {
    if (provider.app !== consumer) {
      if (provider.app.wave < consumer.wave) return undefined;
      problems.push(`${provider.what} is synced by Application ${provider.app.name} in wave ${provider.app.wave}, not before Application ${consumer.name} (wave ${consumer.wave})`);
    } else if (provider.what.startsWith('Helm chart')) {
      // Same Application: the chart's objects sync in wave 0; the CR must wait and skip the dry run.
      if (wave > provider.wave && skipsDryRun(object, consumer)) return undefined;
      problems.push(`${provider.what} is in the same Application; the resource needs sync-wave > 0 and SkipDryRunOnMissingResource=true (afterHelmCrds()), has wave ${wave}`);
    } else {
      if (wave >= provider.wave) return undefined;
      problems.push(`${provider.what} is in wave ${provider.wave}, after this resource (wave ${wave})`);
    }
  }
  return { object, message: `${crdName} may be applied before its CRD exists: ${problems.join('; ')}` };
}

function skipsDryRun(object: CheckedObject, app: ApplicationView): boolean {
  const options = [...(object.object.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(','), ...app.syncOptions];
  return options.map((o) => o.trim()).includes('SkipDryRunOnMissingResource=true');
}
