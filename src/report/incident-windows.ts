/**
 * Ground-truth incident windows on the report's time charts. They travel once per page (packed:
 * kinds, scopes, `[kind, scope, start ms, end ms]` rows), not once per chart, and the page draws
 * and explains them itself, because a dataset may have thousands of them (agentic-ide's test
 * fixture: 1,641 in a week, a third of them instants, up to 68 within a pixel of each other):
 * - each kind's windows closer than a pixel at the current zoom are merged into one band (drawing
 *   1,641 rectangles per chart, most of them thinner than a pixel, bought nothing);
 * - a kind with at most MAX_BORDERED windows in view has its bands at least a pixel wide with a
 *   1-pixel border, so a lost span (an instant) shows on a 7-day chart; a kind with more (k8s: 882
 *   scrape gaps in 30 days) keeps its true width and no border, or it would cover the chart and
 *   hide the rare kinds that explain the error spikes. Bands are laid out again on every zoom and
 *   resize: zooming in separates them and, with fewer windows in view, borders the frequent kinds;
 * - the bands are silent: the axis tooltip lists the incidents within REACH_PIXELS of the mouse,
 *   one line per kind. Overlapping or sub-pixel windows cannot each be hovered (ECharts shows only
 *   the topmost markArea under the mouse, and the data line above them takes the mouse first).
 */
import type { IncidentWindow, Point } from './types.js';

export interface PackedIncidents {
  kinds: string[];
  scopes: string[];
  /** `[kind index, scope index, start ms, end ms]`, by start. */
  windows: Array<[number, number, number, number]>;
}

export function packIncidents(incidents: IncidentWindow[]): PackedIncidents {
  const kinds = [...new Set(incidents.map((incident) => incident.kind))].sort();
  const scopes = [...new Set(incidents.map((incident) => incident.scope))].sort();
  const kindIndex = new Map(kinds.map((kind, index) => [kind, index]));
  const scopeIndex = new Map(scopes.map((scope, index) => [scope, index]));
  const windows = incidents
    .map((incident): [number, number, number, number] => [kindIndex.get(incident.kind)!, scopeIndex.get(incident.scope)!, incident.startMs, Math.max(incident.endMs, incident.startMs)])
    .sort((a, b) => a[2] - b[2] || a[0] - b[0] || a[1] - b[1]);
  return { kinds, scopes, windows };
}

/**
 * Incidents overlapping each bucket of `stepMs` (aligned to the epoch) over [startMs, endMs): the
 * line of a dataset without signals, so that its chart has buckets for the tooltip that lists the
 * incidents (an axis tooltip needs a line).
 */
export function incidentsInProgress(incidents: IncidentWindow[], startMs: number, endMs: number, stepMs: number): Point[] {
  const first = Math.floor(startMs / stepMs) * stepMs;
  const counts = new Float64Array(Math.max(Math.ceil((endMs - first) / stepMs), 1));
  for (const incident of incidents) {
    const last = Math.min(Math.floor((incident.endMs - first) / stepMs), counts.length - 1);
    for (let i = Math.max(Math.floor((incident.startMs - first) / stepMs), 0); i <= last; i++) counts[i] = counts[i]! + 1;
  }
  return Array.from(counts, (count, i): Point => [first + i * stepMs, count]);
}

/**
 * The page's code for charts flagged `incidents` (plain JS inlined in the page; `REPORT.incidents`
 * is a PackedIncidents). `addIncidents(chart, option)` appends a series per incident kind (its
 * legend entry hides the kind) and the tooltip before `setOption`, and returns the function that
 * lays out the bands for the current zoom: the page calls it after `setOption` and on resize, the
 * chart on every zoom.
 */
export const INCIDENT_SCRIPT = `
const REACH_PIXELS = 2;
const MAX_BORDERED = 200;
const SCOPES_SHOWN = 3;
const INCIDENT_COLORS = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const incidentKinds = REPORT.incidents.kinds;
const windowsByKind = incidentKinds.map(() => []);
for (const [kind, scope, start, end] of REPORT.incidents.windows) windowsByKind[kind].push({ scope: REPORT.incidents.scopes[scope], start, end });
const incidentId = (kind) => 'incident:' + kind;
const escapeText = (text) => echarts.format.encodeHTML(String(text));
const timeAt = (chart, x) => chart.convertFromPixel({ xAxisIndex: 0 }, x);

function duration(ms) {
  if (ms >= 3600000) return (ms / 3600000).toPrecision(2) + ' h';
  if (ms >= 60000) return Math.round(ms / 60000) + ' min';
  if (ms >= 1000) return Math.round(ms / 1000) + ' s';
  return ms >= 1 ? Math.round(ms) + ' ms' : 'instant';
}

// One band per run of windows less than a pixel apart, each at least min ms wide.
function bands(windows, pixel, min) {
  const out = [];
  for (const { start, end } of windows) {
    const last = out[out.length - 1];
    const stop = Math.max(end, start + min);
    if (last && start - last[1].xAxis < pixel) last[1].xAxis = Math.max(last[1].xAxis, stop);
    else out.push([{ xAxis: start }, { xAxis: stop }]);
  }
  return out;
}

// The tooltip's lines for the incidents within REACH_PIXELS of the mouse (every band under the
// mouse, border included, holds one), one line per kind with its count and most frequent scopes.
function incidentLines(chart, pixelX, hidden) {
  const time = timeAt(chart, pixelX);
  const reach = Math.abs(timeAt(chart, pixelX + REACH_PIXELS) - time);
  const lines = [];
  incidentKinds.forEach((kind, k) => {
    if (hidden.has(kind)) return;
    const near = windowsByKind[k].filter((w) => w.start <= time + reach && w.end >= time - reach);
    if (near.length === 0) return;
    const counts = new Map();
    for (const w of near) counts.set(w.scope, (counts.get(w.scope) || 0) + 1);
    const scopes = [...counts].sort((a, b) => b[1] - a[1]).map(([scope, n]) => (n > 1 ? scope + ' ×' + n : scope));
    const more = scopes.length > SCOPES_SHOWN ? ', +' + (scopes.length - SCOPES_SHOWN) + ' scopes' : '';
    const what = near.length === 1 ? kind + ' · ' + scopes[0] + ' (' + duration(near[0].end - near[0].start) + ')' : kind + ' ×' + near.length + ' · ' + scopes.slice(0, SCOPES_SHOWN).join(', ') + more;
    const color = INCIDENT_COLORS[k % INCIDENT_COLORS.length];
    lines.push('<span style="display:inline-block;width:10px;height:10px;margin-right:5px;background:' + color + ';opacity:.5"></span>' + escapeText(what));
  });
  if (lines.length === 0) return '';
  return '<div style="margin-top:4px;color:#555">incidents within ±' + duration(reach) + ':</div>' + lines.join('<br>');
}

function addIncidents(chart, option) {
  const hidden = new Set();
  // The axis tooltip snaps to the line's nearest bucket; incidents are looked up at the mouse.
  // Registered before the first setOption, this runs before ECharts' own mousemove handler.
  let pointerX = 0;
  chart.getZr().on('mousemove', (event) => { pointerX = event.offsetX; });
  option.series.push(...incidentKinds.map((kind, k) => {
    const color = INCIDENT_COLORS[k % INCIDENT_COLORS.length];
    return { id: incidentId(kind), name: 'incident: ' + kind, type: 'line', data: [], itemStyle: { color },
      markArea: { silent: true, label: { show: false }, itemStyle: { color, opacity: 0.25, borderColor: color, borderWidth: 0 }, data: [] } };
  }));
  option.tooltip = { ...option.tooltip, trigger: 'axis', formatter: (params) => {
    const list = (Array.isArray(params) ? params : [params]).filter((p) => !p.seriesName.startsWith('incident: '));
    if (list.length === 0) return '';
    const values = list.map((p) => p.marker + escapeText(p.seriesName) + ' <b>' + (p.value[1] == null ? '–' : escapeText(p.value[1])) + '</b>');
    return escapeText(list[0].axisValueLabel) + '<br>' + values.join('<br>') + incidentLines(chart, pointerX, hidden);
  } };
  chart.on('legendselectchanged', (event) => {
    hidden.clear();
    for (const kind of incidentKinds) if (event.selected['incident: ' + kind] === false) hidden.add(kind);
  });
  const draw = () => {
    const from = timeAt(chart, option.grid.left);
    const to = timeAt(chart, chart.getWidth() - option.grid.right);
    const pixel = Math.abs(timeAt(chart, option.grid.left + 1) - from);
    if (!(pixel > 0)) return;
    chart.setOption({ series: incidentKinds.map((kind, k) => {
      const windows = windowsByKind[k];
      const inView = windows.filter((w) => w.end >= from && w.start <= to).length;
      const bordered = inView <= MAX_BORDERED;
      return { id: incidentId(kind), markArea: { itemStyle: { borderWidth: bordered ? 1 : 0 }, data: bands(windows, pixel, bordered ? pixel : 0) } };
    }) });
  };
  chart.on('datazoom', draw);
  return draw;
}
`;
