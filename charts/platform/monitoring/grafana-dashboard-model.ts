/**
 * The subset of Grafana's dashboard JSON model (schemaVersion 39) this project writes. Typed so
 * that dashboards are built from objects, checked by the compiler, and serialized with
 * JSON.stringify: never assembled from template strings.
 * Reference: grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */

export interface DatasourceRef {
  readonly type: 'prometheus' | 'loki';
  readonly uid: string;
}

export interface QueryTarget {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly expr: string;
  readonly legendFormat?: string;
  /** Table/stat panels want the latest value only. */
  readonly instant?: boolean;
}

export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface ThresholdStep {
  readonly color: 'green' | 'orange' | 'red';
  /** null is the base step (everything below the next one). */
  readonly value: number | null;
}

export interface FieldDefaults {
  /** Grafana unit id, e.g. percent, s, bytes, dtdurations. */
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly thresholds?: { readonly mode: 'absolute'; readonly steps: readonly ThresholdStep[] };
}

interface PanelBase {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly gridPos: GridPos;
  readonly datasource: DatasourceRef;
  readonly targets: readonly QueryTarget[];
}

export interface TimeseriesPanel extends PanelBase {
  readonly type: 'timeseries';
  readonly fieldConfig: { readonly defaults: FieldDefaults & { readonly custom: { readonly thresholdsStyle: { readonly mode: 'line' | 'off' } } }; readonly overrides: readonly never[] };
  readonly options: {
    readonly legend: { readonly displayMode: 'table' | 'list'; readonly placement: 'bottom' | 'right'; readonly showLegend: boolean; readonly calcs: readonly string[] };
    readonly tooltip: { readonly mode: 'multi' | 'single'; readonly sort: 'desc' | 'none' };
  };
}

export interface StatPanel extends PanelBase {
  readonly type: 'stat';
  readonly fieldConfig: { readonly defaults: FieldDefaults; readonly overrides: readonly never[] };
  readonly options: {
    readonly reduceOptions: { readonly calcs: readonly string[]; readonly fields: string; readonly values: boolean };
    readonly colorMode: 'background' | 'value';
    readonly graphMode: 'none' | 'area';
    readonly textMode: 'auto' | 'value_and_name';
  };
}

export interface LogsPanel extends PanelBase {
  readonly type: 'logs';
  readonly options: { readonly showTime: boolean; readonly wrapLogMessage: boolean; readonly sortOrder: 'Descending' | 'Ascending'; readonly enableLogDetails: boolean };
}

export type Panel = TimeseriesPanel | StatPanel | LogsPanel;

export interface Dashboard {
  /** Stable uid: links and bookmarks survive re-provisioning. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: 'utc' | 'browser';
  readonly schemaVersion: number;
  readonly version: number;
  /** Provisioned from Git: edits in the UI would be lost, so forbid them. */
  readonly editable: false;
  readonly graphTooltip: 0 | 1 | 2;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating: { readonly list: readonly never[] };
  readonly annotations: { readonly list: readonly never[] };
  readonly panels: readonly Panel[];
}

/** A panel before layout: position and id are assigned by layoutPanels. */
export type PanelDraft = Omit<TimeseriesPanel, 'id' | 'gridPos'> | Omit<StatPanel, 'id' | 'gridPos'> | Omit<LogsPanel, 'id' | 'gridPos'>;

/** Panel widths per type on Grafana's 24-column grid. */
const WIDTH: Record<Panel['type'], number> = { stat: 6, timeseries: 12, logs: 24 };
const HEIGHT: Record<Panel['type'], number> = { stat: 5, timeseries: 8, logs: 10 };

/**
 * Places panels left to right, wrapping at 24 columns, and numbers them in order: adding a panel
 * never requires recomputing coordinates by hand.
 */
export function layoutPanels(drafts: readonly PanelDraft[]): Panel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return drafts.map((draft, index) => {
    const w = WIDTH[draft.type];
    const h = HEIGHT[draft.type];
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const panel = { ...draft, id: index + 1, gridPos: { x, y, w, h } } as Panel;
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return panel;
  });
}
