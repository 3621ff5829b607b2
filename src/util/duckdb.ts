/**
 * DuckDB as teleforge opens it. Timestamps are written UTC-adjusted, so DuckDB reads them as
 * TIMESTAMPTZ, whose casts to DATE, date_trunc, strftime and date parts follow the session's
 * TimeZone (the machine's zone by default): pinned to UTC, every answer is the same on every machine.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface DuckDB {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
}

/** An in-memory instance and a first connection, TimeZone UTC for every connection of the instance. */
export async function openDuckDB(config: Record<string, string> = {}): Promise<DuckDB> {
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  // GLOBAL: connections made later inherit it (a plain SET is this connection's only). The zone
  // cannot be given in `config`: it needs the ICU extension, loaded on first use.
  await connection.run(`SET GLOBAL TimeZone = 'UTC'`);
  return { instance, connection };
}
