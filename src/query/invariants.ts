/**
 * The scenario kind's own promises (`Simulator.invariants`), each one SQL query over the views.
 * The only place reading a dataset loads a simulator: lazily, for these.
 */
import { check, skipped, type CheckResult } from './check.js';
import { guarded } from './data-checks.js';
import type { QuerySession } from './session.js';

export async function invariantChecks(session: QuerySession): Promise<CheckResult[]> {
  const { getSimulator, simulatorKinds } = await import('../sim/registry.js');
  const kind = session.dataset.summary.kind;
  if (!simulatorKinds().includes(kind)) return [check('scenario invariants', true, `none: kind '${kind}' is unknown to this build`)];
  const results: CheckResult[] = [];
  for (const invariant of getSimulator(kind).invariants) {
    results.push(
      ...(await guarded(invariant.name, async () => {
        const [row] = await session.rows(invariant.sql);
        const failures = Number(row?.failures ?? Number.NaN);
        const figure = String(row?.figure ?? 'no figure');
        if (row?.skip !== undefined && row.skip !== null) return skipped(invariant.name, figure, String(row.skip));
        return check(invariant.name, failures === 0, figure);
      })),
    );
  }
  return results;
}
