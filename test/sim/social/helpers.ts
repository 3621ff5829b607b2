/** Helpers of the social-network tests: the fixture, DuckDB views named after the kind's tables. */
import { join } from 'node:path';
import { openDuckDB } from '../../../src/util/duckdb.js';
import { socialSimulator } from '../../../src/sim/social/index.js';
import { FIXTURES, type Row } from '../../helpers.js';

export const SOCIAL_FIXTURE = join(FIXTURES, 'social-test.yaml');

export interface Dataset {
  query: (sql: string) => Promise<Row[]>;
  close: () => void;
}

/** One view per declared table (`logs`, `spans`, `series`, `samples`, `releases`, `deployments`, `incidents`). */
export async function openSocialDataset(dir: string): Promise<Dataset> {
  const { instance, connection } = await openDuckDB();
  for (const spec of socialSimulator.tables) {
    const files = spec.name === 'incidents' ? `${dir}/${spec.path}.parquet` : spec.timePartition ? `${dir}/${spec.path}/*/*.parquet` : `${dir}/${spec.path}/*.parquet`;
    await connection.run(`CREATE VIEW ${spec.name} AS SELECT * FROM read_parquet('${files}', hive_partitioning = ${spec.timePartition !== null})`);
  }
  return {
    query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[],
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function correlation(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
