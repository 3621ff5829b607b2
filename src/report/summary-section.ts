/** The dataset's identity: scenario, seed, hash, time range, files, and the sha256 of summary.json. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../dataset/open.js';
import type { Section } from './types.js';

export function summarySection(dataset: Dataset): Section {
  const { summary } = dataset;
  const tables = Object.entries(summary.tables);
  const files = tables.reduce((sum, [, table]) => sum + table.files.length, 0);
  const bytes = tables.reduce((sum, [, table]) => sum + table.bytes, 0);
  const sha256 = createHash('sha256').update(readFileSync(join(dataset.dir, 'summary.json'))).digest('hex');
  return {
    id: 'summary',
    title: 'Summary',
    facts: [
      ['scenario', `${summary.scenario} (kind ${summary.kind}${summary.resolved_scenario.preset ? `, preset ${summary.resolved_scenario.preset}` : ''})`],
      ['seed', String(summary.seed)],
      ['scenario hash', summary.scenario_hash],
      ['time range', `${summary.time_range.start} → ${summary.time_range.end}`],
      ['partitions', String(summary.partitions)],
      ['files', `${files.toLocaleString('en-US')} (${(bytes / 2 ** 20).toFixed(1)} MiB; ${summary.output.formats.join(', ')}, ${summary.output.compression})`],
      ...tables.map(([name, table]): [string, string] => [`table ${name}`, `${table.role}: ${table.rows.toLocaleString('en-US')} rows, ${table.files.length} files, ${(table.bytes / 2 ** 20).toFixed(1)} MiB`]),
      ['incidents', `${summary.incidents.total} (${Object.entries(summary.incidents.by_kind).map(([kind, n]) => `${kind} ${n}`).join(', ')})`],
      ['sha256 of summary.json', sha256],
      ['compiled by', `${summary.tool.name} ${summary.tool.version}`],
    ],
    charts: [],
  };
}
