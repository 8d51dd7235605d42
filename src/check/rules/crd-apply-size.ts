import { compactJsonBytes } from '../../helm/chart-facts-of-render';
import { LAST_APPLIED_LIMIT } from '../../helm/compare-chart-facts';
import { effectiveFacts } from '../chart-installs';
import type { ApplicationView } from '../k8s/applications';
import type { Rule } from './rule';

const SERVER_SIDE_APPLY = 'ServerSideApply=true';

function serverSideApplied(app: ApplicationView | undefined, objectOptions = ''): boolean {
  return [...(app?.syncOptions ?? []), ...objectOptions.split(',')].map((o) => o.trim()).includes(SERVER_SIDE_APPLY);
}

/** CRDs too large for the last-applied-configuration annotation are server-side applied. */
export const crdApplySize: Rule = {
  id: 'crd-apply-size',
  reason: `Client-side apply stores the whole object in an annotation limited to ${LAST_APPLIED_LIMIT} bytes: a larger CRD fails to sync ("metadata.annotations: Too long").`,
  fix: 'Add ServerSideApply=true to the sync options of the Application that installs the CRD (DistChart syncOptions).',
  severity: 'error',
  *check(context) {
    for (const crd of context.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition')) {
      const bytes = compactJsonBytes(crd.object);
      if (bytes <= LAST_APPLIED_LIMIT) continue;
      const owners = context.ownersOf(crd);
      if (owners.length > 0 && owners.every((app) => serverSideApplied(app, crd.object.metadata.annotations?.['argocd.argoproj.io/sync-options']))) continue;
      yield { object: crd, message: `is ${bytes} bytes as compact JSON, over ${LAST_APPLIED_LIMIT}, and its Application does not set ${SERVER_SIDE_APPLY}` };
    }
    for (const install of context.charts) {
      const app = context.application(install.application);
      if (serverSideApplied(app)) continue;
      for (const crd of effectiveFacts(install).crds) {
        if (crd.bytes <= LAST_APPLIED_LIMIT) continue;
        yield { chart: { install, subject: `${crd.kind}.${crd.group}` }, message: `CRD ${crd.kind}.${crd.group} is ${crd.bytes} bytes as compact JSON, over ${LAST_APPLIED_LIMIT}, and Application ${install.application} does not set ${SERVER_SIDE_APPLY}` };
      }
    }
  },
};
