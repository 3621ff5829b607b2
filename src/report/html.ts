/**
 * The report page: one HTML file with the chart library, the charts' options (JSON) and a few lines
 * of script inlined, so it opens offline and requests nothing.
 */
import { INCIDENT_SCRIPT, packIncidents } from './incident-windows.js';
import type { IncidentWindow, Section } from './types.js';

export interface PageInput {
  title: string;
  sections: Section[];
  /** Ground-truth incidents, shaded on the charts flagged `incidents`. */
  incidents: IncidentWindow[];
  /** The chart library's source (ECharts' minified build), inlined in a script element. */
  chartLibrary: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside a script element: `</script>` and `<!--` must not appear in it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #222; background: #f6f7f9; }
header { background: #1f2937; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
nav a { color: #cbd5e1; margin-right: 14px; text-decoration: none; }
main { padding: 8px 24px 40px; max-width: 1240px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; margin: 18px 0; padding: 8px 18px 14px; }
section h2 { font-size: 17px; margin: 8px 0; }
section h3 { font-size: 14px; margin: 14px 0 4px; font-weight: 600; }
table.facts td { padding: 2px 14px 2px 0; vertical-align: top; }
table.facts td:first-child { color: #666; white-space: nowrap; }
table.facts td:last-child { font-family: ui-monospace, monospace; word-break: break-all; }
.chart { width: 100%; height: 320px; }
p.note { color: #555; margin: 4px 0 8px; }
`;

const SCRIPT = `
// Lines arrive packed as {start, step, values}: expand them to [time, value] pairs.
const unpack = (data) => data.values.map((v, i) => [data.start + i * data.step, v]);
const charts = [];
for (const section of REPORT.sections) for (const spec of section.charts) {
  const chart = echarts.init(document.getElementById(spec.id), null, { renderer: 'canvas' });
  for (const series of spec.option.series) if (series.data && !Array.isArray(series.data)) series.data = unpack(series.data);
  const drawIncidents = spec.incidents ? addIncidents(chart, spec.option) : () => {};
  chart.setOption(spec.option);
  drawIncidents();
  charts.push({ chart, drawIncidents });
}
window.addEventListener('resize', () => charts.forEach(({ chart, drawIncidents }) => { chart.resize(); drawIncidents(); }));
`;

export function renderPage(input: PageInput): string {
  const nav = input.sections.map((section) => `<a href="#${section.id}">${escapeHtml(section.title)}</a>`).join('');
  const sections = input.sections.map((section) => {
    const facts = section.facts?.length
      ? `<table class="facts">${section.facts.map(([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`
      : '';
    const note = section.note ? `<p class="note">${escapeHtml(section.note)}</p>` : '';
    const charts = section.charts
      .map((chart) => `<h3>${escapeHtml(chart.title)}</h3><div class="chart" id="${chart.id}"${chart.height ? ` style="height:${chart.height}px"` : ''}></div>`)
      .join('');
    return `<section id="${section.id}"><h2>${escapeHtml(section.title)}</h2>${note}${facts}${charts}</section>`;
  });
  const data = {
    incidents: packIncidents(input.incidents),
    sections: input.sections.map((section) => ({ id: section.id, charts: section.charts.map((chart) => ({ id: chart.id, option: chart.option, incidents: chart.incidents === true })) })),
  };
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(input.title)}</h1><nav>${nav}</nav></header>`,
    `<main>${sections.join('\n')}</main>`,
    `<script>${input.chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>`,
    `<script>const REPORT = ${scriptJson(data)};${INCIDENT_SCRIPT}${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
