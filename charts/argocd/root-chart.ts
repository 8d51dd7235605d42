import type { Construct } from 'constructs';
import { Application } from '../../imports/argocd-application-argoproj.io';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { FolderChart } from '../lib/folder-chart';
import { ARGOCD_DEFAULT_PROJECT } from './projects';
import { RESOURCES_FINALIZER, syncPolicy } from './sync-policy';

/** The root Application's name (and its chart's id). */
export const ROOT_APPLICATION = 'root';

export interface RootChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * dist/<env>/root.yaml: the one object an admin applies by hand, once per cluster. It syncs
 * dist/<env>/argocd/ (projects and child Applications), which in turn sync everything else.
 * It lives in Argo CD's built-in `default` project because it must exist before any project does.
 */
export class RootChart extends FolderChart {
  constructor(scope: Construct, props: RootChartProps) {
    const { environment } = props;
    super(scope, ROOT_APPLICATION, { folder: '', fileName: 'root.yaml', namespace: environment.argocd.namespace });
    new Application(this, ROOT_APPLICATION, {
      metadata: { name: ROOT_APPLICATION, finalizers: [RESOURCES_FINALIZER] },
      spec: {
        project: ARGOCD_DEFAULT_PROJECT,
        destination: { server: environment.argocd.destinationServer, namespace: environment.argocd.namespace },
        source: {
          repoUrl: environment.argocd.repoURL,
          targetRevision: environment.argocd.targetRevision,
          path: `dist/${environment.name}/argocd`,
        },
        syncPolicy: syncPolicy(),
      },
    });
  }
}
