/** ECharts options for the few chart shapes a report draws: time series (with incident windows) and bars. */
import type { ChartOption, IncidentWindow, TimeSeries } from './types.js';

/** Four significant digits: the page's JSON stays small and nobody reads a chart closer. */
export function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : 0;
}

const BASE = { animation: false, useUTC: true, grid: { left: 70, right: 30, top: 40, bottom: 70 } };

const MAX_BORDERED_WINDOWS = 200;
const INCIDENT_COLORS = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/**
 * A line's points as `{start, step, values}` (null where a bucket has none), which the page expands
 * to ECharts' `[t, v]` pairs: a 30-day line of 2,880 buckets takes ~15 KB instead of ~70 KB.
 */
export interface PackedLine {
  start: number;
  step: number;
  values: Array<number | null>;
}

export function packLine(points: TimeSeries['points'], step: number): PackedLine {
  if (points.length === 0) return { start: 0, step, values: [] };
  const start = points[0]![0];
  const values: Array<number | null> = [];
  for (const [t, v] of points) {
    const index = Math.round((t - start) / step);
    while (values.length < index) values.push(null);
    values[index] = round(v);
  }
  return { start, step, values };
}

export function timeSeriesOption(series: TimeSeries[], options: { yName: string; step: number; incidents?: IncidentWindow[] }): ChartOption {
  const lines = series.map((entry) => ({
    name: entry.name,
    type: 'line',
    showSymbol: false,
    sampling: 'lttb',
    connectNulls: false,
    lineStyle: { width: 1.2 },
    data: packLine(entry.points, options.step),
  }));
  return {
    ...BASE,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: options.yName, scale: false },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 28 }],
    series: [...lines, ...incidentSeries(options.incidents ?? [])],
  };
}

/**
 * One empty series per incident kind carrying its windows as a markArea (the legend toggles a
 * kind; hovering a window shows its kind and scope).
 */
function incidentSeries(incidents: IncidentWindow[]): ChartOption[] {
  const kinds = [...new Set(incidents.map((incident) => incident.kind))].sort();
  return kinds.map((kind, index) => {
    const color = INCIDENT_COLORS[index % INCIDENT_COLORS.length]!;
    const windows = incidents.filter((incident) => incident.kind === kind);
    // A 1-pixel border keeps a 10-minute window of a 30-day chart visible; kinds with hundreds of
    // windows (per-target scrape gaps, pod restarts) get none, or they would cover the chart: zoom in.
    const borderWidth = windows.length <= MAX_BORDERED_WINDOWS ? 1 : 0;
    return {
      name: `incident: ${kind}`,
      type: 'line',
      data: [],
      itemStyle: { color },
      markArea: {
        silent: false,
        label: { show: false },
        itemStyle: { color, opacity: 0.25, borderColor: color, borderWidth },
        tooltip: { trigger: 'item', formatter: '{b}' },
        data: windows
          .map((incident) => [{ name: `${incident.kind} · ${incident.scope}`, xAxis: incident.startMs }, { xAxis: Math.max(incident.endMs, incident.startMs + 1) }]),
      },
    };
  });
}

export function barOption(categories: string[], values: number[], options: { yName: string; horizontal?: boolean; xName?: string }): ChartOption {
  const categoryAxis = { type: 'category', data: categories, name: options.xName ?? '', axisLabel: { hideOverlap: true } };
  const valueAxis = { type: 'value', name: options.yName };
  return {
    ...BASE,
    grid: options.horizontal ? { left: 220, right: 40, top: 30, bottom: 40 } : BASE.grid,
    tooltip: { trigger: 'axis' },
    xAxis: options.horizontal ? valueAxis : categoryAxis,
    yAxis: options.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: [{ type: 'bar', name: options.yName, data: values.map(round) }],
  };
}

/** Bars per time bucket of several stacked series (rows per day of each table). */
export function stackedBarsOption(series: TimeSeries[], yName: string): ChartOption {
  return {
    ...BASE,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: yName },
    series: series.map((entry) => ({ name: entry.name, type: 'bar', stack: 'rows', data: entry.points.map(([t, v]) => [t, round(v)]) })),
  };
}
