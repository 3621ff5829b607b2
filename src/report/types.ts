/** What a report is made of: sections of charts, each chart an ECharts option (plain JSON). */

/** An ECharts option object, as JSON: the page hands it to `setOption` as it is. */
export type ChartOption = Record<string, unknown>;

export interface Chart {
  id: string;
  title: string;
  option: ChartOption;
  /** The page shades the incident windows on it (a time chart; see incident-windows.ts). */
  incidents?: boolean;
  /** Taller charts for many categories (pixels). */
  height?: number;
}

export interface Section {
  id: string;
  title: string;
  /** One paragraph above the charts (plain text). */
  note?: string;
  /** Rows of a small two-column table (plain text) shown before the charts. */
  facts?: Array<[string, string]>;
  charts: Chart[];
}

/** A point of a time series: [epoch ms, value]. */
export type Point = [number, number];

export interface TimeSeries {
  name: string;
  points: Point[];
}

/** A ground-truth incident window, for shading. */
export interface IncidentWindow {
  kind: string;
  scope: string;
  startMs: number;
  endMs: number;
}
