import type { Construct } from 'constructs';
import { FolderChart } from './folder-chart';
import type { HelmSource } from './helm-source';

/** Top-level dist folders: platform components and application workloads. */
export type Layer = 'platform' | 'apps';

export interface DistChartProps {
  /** Which dist/<env>/<layer>/ folder the chart renders into; also picks the Argo CD project. */
  readonly layer: Layer;
  /**
   * Argo CD sync wave of this chart's Application: lower waves are synced (and healthy) first.
   * @default 0
   */
  readonly syncWave?: number;
  /**
   * Namespace of every namespaced object in the chart, and the Application's destination
   * namespace. Leave unset for charts that hold cluster-scoped objects or span namespaces.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Extra Argo CD sync options for this chart's Application (e.g. ServerSideApply=true).
   * @default - none
   */
  readonly syncOptions?: readonly string[];
  /**
   * An upstream Helm chart this component's Application installs next to the chart's own
   * objects (one Application with two sources). Objects that need the Helm chart's CRDs use
   * afterHelmCrds() to sync after it.
   * @default - no Helm chart
   */
  readonly helm?: HelmSource<object>;
  /**
   * Deleting the Application leaves its objects in place (no resources finalizer): for the one
   * component whose deletion must never cascade, Argo CD itself.
   * @default false (deleting the Application deletes what it synced)
   */
  readonly keepResourcesOnDelete?: boolean;
}

const DIST_CHART = Symbol.for('gitops-platform.DistChart');

/**
 * A chart that renders into its own dist/<env>/<layer>/<id>/ folder, synced by its own Argo CD
 * Application named <id> (which may also install an upstream Helm chart). One id, one folder,
 * one Application: the construct tree guarantees the id is unique, so ownership is unambiguous.
 */
export class DistChart extends FolderChart {
  static isDistChart(x: unknown): x is DistChart {
    return typeof x === 'object' && x !== null && DIST_CHART in x;
  }

  readonly layer: Layer;
  readonly syncWave: number;
  readonly syncOptions: readonly string[];
  readonly helm: HelmSource<object> | undefined;
  readonly keepResourcesOnDelete: boolean;

  constructor(scope: Construct, id: string, props: DistChartProps) {
    super(scope, id, { namespace: props.namespace, folder: `${props.layer}/${id}` });
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id)) {
      throw new Error(`chart id '${id}' must be a DNS label: it becomes an Argo CD Application name and a folder name`);
    }
    this.layer = props.layer;
    this.syncWave = props.syncWave ?? 0;
    this.syncOptions = props.syncOptions ?? [];
    this.helm = props.helm;
    this.keepResourcesOnDelete = props.keepResourcesOnDelete ?? false;
    Object.defineProperty(this, DIST_CHART, { value: true });
  }

  /** The Argo CD Application (and folder) name. */
  get applicationName(): string {
    return this.node.id;
  }
}
