/** `validate`: integrity of the files, generic row checks, then the scenario kind's invariants. */
import { openDataset } from '../dataset/open.js';
import { check, type CheckResult } from './check.js';
import { dataChecks } from './data-checks.js';
import { integrityChecks } from './integrity.js';
import { invariantChecks } from './invariants.js';
import { openSession, type QuerySession } from './session.js';

export interface ValidateResult {
  dataset: string;
  kind: string;
  passed: boolean;
  checks: CheckResult[];
}

export async function validateDataset(path: string): Promise<ValidateResult> {
  const dataset = openDataset(path);
  const session = await openSession(dataset, { lenient: true });
  try {
    const checks = [...(await integrityChecks(session)), ...(await rowChecks(session))];
    return { dataset: dataset.dir, kind: dataset.summary.kind, passed: checks.every((result) => result.passed), checks };
  } finally {
    session.close();
  }
}

async function rowChecks(session: QuerySession): Promise<CheckResult[]> {
  const failed = session.failedViews;
  if (session.views.length === 0 && failed.length === 0) {
    // A JSONL-only dataset: its files are checked above; rows are read through Parquet views.
    return [check('views open', true, 'none: no Parquet files (compiled with --format jsonl); row checks and invariants skipped')];
  }
  const opened = `${session.views.length} views: ${session.views.map((view) => view.name).join(', ')}`;
  const views = check('views open', failed.length === 0, failed.length === 0 ? opened : `${failed.length} of ${failed.length + session.views.length} failed: ${failed[0]!.message}`);
  return [views, ...(await dataChecks(session)), ...(await invariantChecks(session))];
}
