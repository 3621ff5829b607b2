/** ECharts options for the few chart shapes a report draws: time series and bars. */
import type { ChartOption, TimeSeries } from './types.js';

/** Four significant digits: the page's JSON stays small and nobody reads a chart closer. */
export function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : 0;
}

const BASE = { animation: false, useUTC: true, grid: { left: 70, right: 30, top: 40, bottom: 70 } };

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

/** Lines over time; a chart flagged `incidents` gets its incident series and tooltip in the page (incident-windows.ts). */
export function timeSeriesOption(series: TimeSeries[], options: { yName: string; step: number }): ChartOption {
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
    // Zooming keeps every point (no filter): the line crosses the view's edges, and a view inside
    // one wide bucket still has a nearest point for the tooltip.
    dataZoom: [{ type: 'inside', filterMode: 'none' }, { type: 'slider', height: 18, bottom: 28, filterMode: 'none' }],
    series: lines,
  };
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
