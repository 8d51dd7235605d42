import type { Construct } from 'constructs';
import { Application } from '../../imports/argocd-application-argoproj.io';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { FolderChart } from '../lib/folder-chart';
import { argoCdDestination, argoName } from './topology';
import { BOOTSTRAP_PROJECT } from './projects';
import { RESOURCES_FINALIZER, syncPolicy } from './sync-policy';

/** The root Application's name (and its chart's id). */
export const ROOT_APPLICATION = 'root';

export interface RootChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * dist/<env>/root.yaml: the root Application, applied by hand once per cluster after Argo CD is
 * installed and together with its project (dist/<env>/argocd/appproject-bootstrap.yaml, which must
 * exist first). The root syncs dist/<env>/argocd/ (its own project, the other projects and the child
 * Applications), which in turn sync everything else, Argo CD included. Not Argo CD's built-in
 * `default` project: that one allows any source, destination and kind.
 */
export class RootChart extends FolderChart {
  constructor(scope: Construct, props: RootChartProps) {
    const { environment } = props;
    super(scope, ROOT_APPLICATION, { folder: '', fileName: 'root.yaml', namespace: environment.argocd.namespace });
    new Application(this, ROOT_APPLICATION, {
      metadata: { name: argoName(environment, ROOT_APPLICATION), finalizers: [RESOURCES_FINALIZER] },
      spec: {
        project: argoName(environment, BOOTSTRAP_PROJECT),
        destination: argoCdDestination(environment),
        source: {
          repoUrl: environment.argocd.repoURL,
          targetRevision: environment.argocd.targetRevision,
          path: `dist/${environment.cluster.distPath}/argocd`,
        },
        syncPolicy: syncPolicy(),
      },
    });
  }
}
