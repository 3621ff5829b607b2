/**
 * `teleforge report`: a self-contained HTML page of a dataset, built from DuckDB aggregates over
 * its views. What it shows follows the tables the dataset declares (roles, time and key columns,
 * signals), so a new scenario kind gets a report without code here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openDataset } from '../dataset/open.js';
import { openSession } from '../query/session.js';
import { createContext } from './context.js';
import { errorsSection } from './errors.js';
import { renderPage } from './html.js';
import { logsSections } from './logs.js';
import { metricsSection } from './metrics.js';
import { spansSections } from './spans.js';
import { summarySection } from './summary-section.js';
import type { Section } from './types.js';
import { volumesSection } from './volumes.js';

/** ECharts' build with line and bar charts, markArea, dataZoom, tooltip and legend (~0.7 MB). */
const CHART_LIBRARY = 'echarts/dist/echarts.common.min.js';

export interface ReportResult {
  html: string;
  sections: Section[];
}

export async function buildReport(datasetDir: string): Promise<ReportResult> {
  const dataset = openDataset(datasetDir);
  const session = await openSession(dataset);
  try {
    const context = await createContext(session);
    const sections: Section[] = [summarySection(dataset), volumesSection(context)];
    const errors = await errorsSection(context);
    if (errors) sections.push(errors);
    const metrics = await metricsSection(context);
    if (metrics) sections.push(metrics);
    sections.push(...(await spansSections(context)), ...(await logsSections(context)));
    const chartLibrary = readFileSync(createRequire(import.meta.url).resolve(CHART_LIBRARY), 'utf8');
    const title = `teleforge report: ${dataset.summary.scenario} (${dataset.summary.kind})`;
    return { html: renderPage({ title, sections, incidents: context.incidents, chartLibrary }), sections };
  } finally {
    session.close();
  }
}
