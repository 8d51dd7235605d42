import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';

export interface FolderChartProps extends ChartProps {
  /** Folder below dist/<env>/ the chart's objects are written to ('' for dist/<env>/ itself). */
  readonly folder: string;
  /**
   * Write the chart's single object to this file name instead of one file per object
   * named <kind>-<name>.yaml. Used for dist/<env>/root.yaml.
   * @default - one file per object
   */
  readonly fileName?: string;
}

const FOLDER_CHART = Symbol.for('gitops-platform.FolderChart');

/** A chart that knows where in dist/<env>/ its objects go. Every rendered chart is one. */
export class FolderChart extends Chart {
  static isFolderChart(x: unknown): x is FolderChart {
    return typeof x === 'object' && x !== null && FOLDER_CHART in x;
  }

  readonly folder: string;
  readonly fileName: string | undefined;

  constructor(scope: Construct, id: string, props: FolderChartProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    this.folder = props.folder;
    this.fileName = props.fileName;
    Object.defineProperty(this, FOLDER_CHART, { value: true });
  }
}
