/** `validate`: integrity of the files, generic row checks, then the scenario kind's invariants. */
import { check, type CheckResult } from './check.js';
import { dataChecks } from './data-checks.js';
import { loadDataset } from './dataset.js';
import { integrityChecks } from './integrity.js';
import { invariantChecks } from './invariants.js';
import { openSession } from './session.js';

export interface ValidateResult {
  dataset: string;
  kind: string;
  passed: boolean;
  checks: CheckResult[];
}

export async function validateDataset(path: string): Promise<ValidateResult> {
  const dataset = loadDataset(path);
  const session = await openSession(dataset, { lenient: true });
  try {
    const failed = session.failedViews;
    const views = check('views open', failed.length === 0, failed.length === 0 ? session.views.map((view) => view.name).join(', ') : failed[0]!.message);
    const checks = [...(await integrityChecks(session)), views, ...(await dataChecks(session)), ...(await invariantChecks(session))];
    return { dataset: dataset.dir, kind: dataset.summary.kind, passed: checks.every((result) => result.passed), checks };
  } finally {
    session.close();
  }
}
